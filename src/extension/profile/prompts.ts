// The questions "Profile Server Under Load..." and "Attach to Node Process..." ask, and the checks
// on what the user types or a caller passes as the command's argument. The quick input itself is
// behind PromptUi, so the flow runs in plain Node tests; no `vscode` import.
import * as path from 'node:path';
import { isIP } from 'node:net';
import type { ListedProcess } from '../../profile/attach/processList';
import { isLoopbackAddress } from '../../profile/server/loadTarget';
import { LOAD_LIMITS, validConnections, validLoadDuration } from '../../profile/server/session';

export interface LoadInputs {
  url: string;
  durationSeconds: number;
  connections: number;
}

export interface AttachInputs {
  pid: number;
  /** Detach after this long; undefined: at Stop. */
  durationSeconds?: number;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** showInputBox and showQuickPick, reduced to what the prompts use; undefined when dismissed. */
export interface PromptUi {
  input(o: { title: string; prompt: string; value: string; validate(text: string): string | undefined }): Promise<string | undefined>;
  pick<T>(items: Array<PickItem<T>>, o: { title: string; placeHolder: string }): Promise<T | undefined>;
}

/** Why `text` cannot be the load's URL, or undefined. Names are resolved (and checked) by the
 * engine. `allowOtherHosts`: boundwise.profile.load.allowOtherHosts is on. */
export function loadUrlProblem(text: string, allowOtherHosts = false): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'Enter a URL such as http://127.0.0.1:8080/path.';
  }
  if (url.protocol !== 'http:') return 'The load sends plain HTTP/1.1 requests: use an http:// URL.';
  if (url.username || url.password) return 'The URL cannot carry a user name or password.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowOtherHosts && isIP(host) && !isLoopbackAddress(host)) return `The load only goes to this machine (127.0.0.1, ::1, localhost), not ${host}.`;
  return undefined;
}

export function durationProblem(text: string): string | undefined {
  const s = Number(text.trim());
  return text.trim() && validLoadDuration(s * 1000) ? undefined : `Enter seconds between ${LOAD_LIMITS.minDurationMs / 1000} and ${LOAD_LIMITS.maxDurationMs / 1000}.`;
}

export function connectionsProblem(text: string): string | undefined {
  return text.trim() && validConnections(Number(text.trim())) ? undefined : `Enter a whole number between 1 and ${LOAD_LIMITS.maxConnections}.`;
}

/** The URL to offer: the setting, else the port the script listened on in its last run, else a sample. */
export function suggestedLoadUrl(setting: string | undefined, lastPorts: readonly number[] | undefined): string {
  if (setting) return setting;
  return lastPorts?.length ? `http://127.0.0.1:${lastPorts[0]}/` : 'http://127.0.0.1:8080/';
}

/** Asks for the URL, the duration and the connections, prefilled with `defaults`; undefined when dismissed. */
export async function askLoad(ui: PromptUi, defaults: LoadInputs, allowOtherHosts = false): Promise<LoadInputs | undefined> {
  const title = 'Boundwise: Profile Server Under Load';
  const where = allowOtherHosts ? 'this machine, or another host you own' : 'this machine only';
  const url = await ui.input({ title, prompt: `URL to send GET requests to once the program listens (${where})`, value: defaults.url, validate: (text) => loadUrlProblem(text, allowOtherHosts) });
  if (url === undefined) return undefined;
  const duration = await ui.input({ title, prompt: 'Seconds of load', value: String(defaults.durationSeconds), validate: durationProblem });
  if (duration === undefined) return undefined;
  const connections = await ui.input({ title, prompt: 'Connections kept busy at once', value: String(defaults.connections), validate: connectionsProblem });
  if (connections === undefined) return undefined;
  return { url: url.trim(), durationSeconds: Number(duration.trim()), connections: Number(connections.trim()) };
}

/**
 * The command's argument, when a caller passes the inputs instead of answering prompts:
 * {url, durationSeconds?, connections?} (missing numbers from `defaults`). A string is why it is wrong.
 */
export function loadInputsFrom(value: unknown, defaults: Omit<LoadInputs, 'url'>, allowOtherHosts = false): LoadInputs | string {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.url !== 'string') return 'the load needs a url (http://127.0.0.1:PORT/path).';
  const inputs = { url: v.url.trim(), durationSeconds: v.durationSeconds ?? defaults.durationSeconds, connections: v.connections ?? defaults.connections };
  const problem = loadUrlProblem(inputs.url, allowOtherHosts)
    ?? (typeof inputs.durationSeconds === 'number' ? durationProblem(String(inputs.durationSeconds)) : durationProblem(''))
    ?? (typeof inputs.connections === 'number' ? connectionsProblem(String(inputs.connections)) : connectionsProblem(''));
  return problem ?? (inputs as LoadInputs);
}

/** One row per process: its command line, its id and language, its working folder. */
export function processItems(list: readonly ListedProcess[]): Array<PickItem<ListedProcess>> {
  return list.map((p) => {
    const command = p.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
    return {
      label: command.length > 120 ? `${command.slice(0, 119)}\u2026` : command,
      description: `pid ${p.pid} \u00b7 ${p.language === 'node' ? 'Node' : 'Python'}`,
      ...(p.cwd ? { detail: p.cwd } : {}),
      value: p,
    };
  });
}

/** The durations (seconds) the pick offers besides "Until Stop" and another one typed in. */
export const ATTACH_DURATIONS = [5, 10, 30, 60] as const;

/** Picks a process, then how long to stay attached; undefined when dismissed or when no process runs. */
export async function askAttach(ui: PromptUi, processes: readonly ListedProcess[]): Promise<{ process: ListedProcess; durationSeconds?: number } | undefined> {
  const title = 'Boundwise: Attach to Node Process';
  const picked = await ui.pick(processItems(processes), { title, placeHolder: 'A running Node process of yours (from /proc)' });
  if (!picked) return undefined;
  if (picked.language !== 'node') return { process: picked };
  const until: PickItem<number | 'stop' | 'other'> = { label: 'Until Stop', description: 'detach with Stop in the progress notification', value: 'stop' };
  const choice = await ui.pick<number | 'stop' | 'other'>(
    [until, ...ATTACH_DURATIONS.map((s) => ({ label: `${s} seconds`, value: s })), { label: 'Other duration\u2026', value: 'other' }],
    { title, placeHolder: `How long to profile ${path.basename(picked.argv[1] ?? picked.argv[0] ?? '')} (pid ${picked.pid})` },
  );
  if (choice === undefined) return undefined;
  if (choice === 'stop') return { process: picked };
  if (choice !== 'other') return { process: picked, durationSeconds: choice };
  const text = await ui.input({ title, prompt: 'Seconds to stay attached', value: '10', validate: durationProblem });
  return text === undefined ? undefined : { process: picked, durationSeconds: Number(text.trim()) };
}

/** The attach command's argument: {pid, durationSeconds?}. A string is why it is wrong. */
export function attachInputsFrom(value: unknown): AttachInputs | string {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return 'attaching needs a process id (pid).';
  if (v.durationSeconds === undefined) return { pid: v.pid };
  if (typeof v.durationSeconds !== 'number' || durationProblem(String(v.durationSeconds))) return `durationSeconds must be between ${LOAD_LIMITS.minDurationMs / 1000} and ${LOAD_LIMITS.maxDurationMs / 1000}.`;
  return { pid: v.pid, durationSeconds: v.durationSeconds };
}
