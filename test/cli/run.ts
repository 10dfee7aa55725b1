import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'bin', 'boundwise.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The run's peak resident memory in MB, when asked for (measureMemory). */
  peakMb?: number;
}

export interface CliOptions {
  /** Added to the environment. */
  env?: NodeJS.ProcessEnv;
  /** Kill the run after this long (coreutils `timeout`, so the CLI itself is killed even under the
   * wrappers below; a run killed this way has status 137). */
  timeoutMs?: number;
  /** Run as this user (needs root and setpriv): root reads files whatever their permissions. */
  asUser?: string;
  /** Measure the peak resident memory (GNU time's %M, which needs /usr/bin/time). */
  measureMemory?: boolean;
}

/** Runs the built CLI (`bin/boundwise.js` -> dist/cli.js) as a user would. */
export function boundwise(args: string[], cwd: string, options: CliOptions = {}): CliResult {
  let command = [process.execPath, CLI, ...args];
  if (options.timeoutMs) command = ['timeout', '-s', 'KILL', `${options.timeoutMs / 1000}`, ...command];
  const memoryFile = options.measureMemory ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-rss-')), 'rss') : undefined;
  if (memoryFile) command = ['/usr/bin/time', '-f', '%M', '-o', memoryFile, ...command];
  if (options.asUser) command = ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser === 'nobody' ? 'nogroup' : options.asUser}`, '--clear-groups', ...command];
  const r = spawnSync(command[0], command.slice(1), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  const peakKb = memoryFile && fs.existsSync(memoryFile) ? Number(fs.readFileSync(memoryFile, 'utf8').trim().split('\n').pop()) : undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakMb: peakKb === undefined ? undefined : peakKb / 1024 };
}
