// `boundwise profile` as a user runs it, in a child process of its own that a test can signal: the
// command function the CLI's main dispatches to (compiled out/ code), so these suites do not depend
// on the other entry points of the bundle.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './helpers';

const COMMAND = path.join(ROOT, 'out', 'src', 'cli', 'profile.js');
const BOOT = `require(${JSON.stringify(COMMAND)}).runProfileCommand(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;

export function runCli(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-e', BOOT, '--', ...args], { encoding: 'utf8', timeout: 60000, cwd, env: { ...process.env, ...env } });
}

export interface CliRun {
  pid: number;
  stdout(): string;
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit status; after `timeoutMs` the CLI is killed and the status is 'hung'. */
  exited(timeoutMs: number): Promise<number | 'hung'>;
}

export function startCli(args: string[], cwd?: string): CliRun {
  const child = spawn(process.execPath, ['-e', BOOT, '--', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : -1))));
  return {
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
    exited: (timeoutMs) => Promise.race([exit, new Promise<'hung'>((resolve) => setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung');
    }, timeoutMs).unref())]),
  };
}
