import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'bin', 'boundwise.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`bin/boundwise.js` -> dist/cli.js) as a user would. `node`: options for
 * node before the script; `timeoutMs`: kill it then (its status is null). */
export function boundwise(args: string[], cwd: string, { node = [], timeoutMs }: { node?: string[]; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [...node, CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


