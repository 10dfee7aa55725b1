// What the profile command says to the user: refusals, progress, status text, export file names.
// No `vscode` import, so the wording is unit-tested in plain Node.
import * as path from 'node:path';
import { languageOf } from '../../profile/engine';
import type { ProfileReport } from '../../profile/report';
import type { LoadProgress, LoadRequest } from '../../profile/server/session';
import { classificationLabel } from '../../report/render';
import { utilisationPhrase } from '../../profile/utilisation';
import { SETTINGS, settingName } from '../contributes';

export const UNTRUSTED_MESSAGE =
  'Boundwise: Profile and Classify runs the script, so it needs a trusted workspace (Workspaces: Manage Workspace Trust).';

export const ATTACH_UNTRUSTED_MESSAGE =
  'Boundwise: attaching to a process runs the profiler inside it, so it needs a trusted workspace (Workspaces: Manage Workspace Trust).';

export function unsupportedFileMessage(file: string): string {
  return `Boundwise: cannot profile ${path.basename(file)}: open a Python (.py) or JavaScript/TypeScript (.js, .mjs, .cjs, .ts) file.`;
}

export function noFileMessage(): string {
  return 'Boundwise: open a Python or JavaScript/TypeScript file to profile (or pick one in the Explorer).';
}

/** One message for an interpreter that is missing or unusable, naming where it came from and how to change it. */
export function interpreterMessage(engineMessage: string, source: 'setting' | 'python-extension' | 'default'): string {
  const setting = settingName(SETTINGS.pythonInterpreter);
  const where = source === 'setting'
    ? `Set ${setting} to a Python 3.8+ executable.`
    : source === 'python-extension'
      ? `Select another interpreter (Python: Select Interpreter) or set ${setting}.`
      : `Install Python 3.8+ as python3, or set ${setting}.`;
  return `Boundwise: ${engineMessage}. ${where}`;
}

/**
 * Whether the command may run on `file` (a Uri's scheme and fsPath), and if not, the one message
 * that says why: trust first, since nothing else matters in an untrusted workspace.
 */
export function refusalFor(trusted: boolean, file: { scheme: string; fsPath: string } | undefined): { message: string; level: 'error' | 'info' } | undefined {
  if (!trusted) return { message: UNTRUSTED_MESSAGE, level: 'error' };
  if (!file) return { message: noFileMessage(), level: 'info' };
  if (file.scheme !== 'file' || !languageOf(file.fsPath)) return { message: unsupportedFileMessage(file.fsPath), level: 'error' };
  return undefined;
}

export function progressMessage(elapsedMs: number, samples: number): string {
  return `${(elapsedMs / 1000).toFixed(1)} s, ${samples.toLocaleString('en-US')} samples`;
}

/** The load as the engine takes it, from the setting's or the prompt's numbers. */
export function loadRequestOf(inputs: { url: string; durationSeconds: number; connections: number }, allowOtherHosts = false): LoadRequest {
  return { url: inputs.url, durationMs: inputs.durationSeconds * 1000, connections: inputs.connections, ...(allowOtherHosts ? { anyHost: true } : {}) };
}

/** The progress line of a run: time and samples, where the load is, how long an attachment lasts. */
export function runProgressMessage(p: { elapsedMs: number; samples: number; load?: LoadProgress }, request: { load?: LoadRequest; attach?: { durationMs?: number } }): string {
  const base = progressMessage(p.elapsedMs, p.samples);
  if (request.load && p.load) {
    const port = new URL(request.load.url).port || '80';
    if (p.load.phase === 'waiting') return `${base} \u00b7 waiting for the program to listen on port ${port}`;
    if (p.load.phase === 'load') return `${base} \u00b7 load ${(p.load.elapsedMs / 1000).toFixed(1)} of ${(request.load.durationMs / 1000).toFixed(1)} s`;
    return `${base} \u00b7 load done, stopping the program`;
  }
  if (request.attach) return `${base} \u00b7 attached ${request.attach.durationMs ? `for ${(request.attach.durationMs / 1000).toFixed(1)} s` : 'until Stop'}`;
  return base;
}

/** Status-bar text and tooltip for the last verdict on a file. */
export function statusText(report: ProfileReport): { text: string; tooltip: string } {
  const icon = report.classification === 'cpu-bound' ? '$(flame)' : report.classification === 'io-bound' ? '$(watch)' : report.classification === 'failed' ? '$(error)' : '$(pulse)';
  return {
    // Named, like every Boundwise surface: the status bar holds several tools' items.
    text: `${icon} Boundwise: ${classificationLabel(report.classification)}`,
    tooltip: `Boundwise: ${path.basename(report.script)} is ${classificationLabel(report.classification)} (${utilisationPhrase(report.timings.utilization)}). ${report.recommendation.title}. Click to open the report.`,
  };
}

export type ExportFormat = 'html' | 'json' | 'cpuprofile';

/** Default file for an export, in `folder` (outside the source tree), and the save dialog's filter. */
export function exportTarget(script: string, format: ExportFormat, folder: string): { file: string; filters: Record<string, string[]> } {
  const base = path.join(folder, `${path.basename(script).replace(/\.[^.]+$/, '')}.boundwise`);
  switch (format) {
    case 'html':
      return { file: `${base}.html`, filters: { 'HTML report': ['html'] } };
    case 'json':
      return { file: `${base}.json`, filters: { 'Report JSON': ['json'] } };
    case 'cpuprofile':
      return { file: `${base}.cpuprofile`, filters: { 'V8 CPU profile': ['cpuprofile'] } };
  }
}
