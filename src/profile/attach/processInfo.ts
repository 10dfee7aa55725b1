// What a running process is, read from /proc before anything is sent to it: a Node process may be
// sent SIGUSR1 (which opens its inspector), while the same signal ends most other programs.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProfileInputError } from '../errors';

export interface RunningProcess {
  pid: number;
  language: 'node' | 'python' | 'other';
  /** The executable and the command line. */
  exe: string;
  argv: string[];
  cwd?: string;
  /** The script it runs (argv's first file argument), resolved against its working folder. */
  script?: string;
  /** The inspector port its command line or NODE_OPTIONS already opened (--inspect...). */
  inspectPort?: number;
  /** The port SIGUSR1 opens the inspector on (--inspect-port, else 9229; 0: one the system picks). */
  signalPort: number;
}

const NODE_EXE = /^(node|nodejs)(\d+)?$/;
const PYTHON_EXE = /^python(\d+(\.\d+)?)?$/;

export function languageOf(exe: string, argv0: string): RunningProcess['language'] {
  for (const name of [path.basename(exe), path.basename(argv0)]) {
    if (NODE_EXE.test(name)) return 'node';
    if (PYTHON_EXE.test(name)) return 'python';
  }
  return 'other';
}

/** --inspect[=[host:]port], --inspect-brk..., --inspect-wait..., --inspect-port=port among `args`. */
function inspectFlags(args: string[]): { open: boolean; port?: number } {
  let open = false;
  let port: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const m = /^--(inspect(?:-brk|-wait)?|inspect-port|debug-port)(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    if (m[1] !== 'inspect-port' && m[1] !== 'debug-port') open = true;
    const value = m[2] ?? (m[1] === 'inspect-port' || m[1] === 'debug-port' ? args[i + 1] : undefined);
    const p = value ? Number(value.split(':').pop()) : NaN;
    if (Number.isInteger(p) && p >= 0) port = p;
  }
  return { open, port };
}

/** The Node options of a command line: the arguments before the script. */
function nodeOptionsOf(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv.slice(1)) {
    if (!a.startsWith('-')) break;
    out.push(a);
  }
  return out;
}

export function inspectProcess(pid: number): RunningProcess {
  if (!Number.isInteger(pid) || pid <= 0) throw new ProfileInputError(`--attach needs a process id, got '${pid}'`);
  try {
    process.kill(pid, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProfileInputError(code === 'EPERM' ? `Process ${pid} belongs to another user: Boundwise can only attach to your own processes.` : `No process with id ${pid} is running.`);
  }
  let exe = '';
  let argv: string[] = [];
  let cwd: string | undefined;
  let environ = '';
  try {
    exe = fs.readlinkSync(`/proc/${pid}/exe`);
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    if (!exe) throw new ProfileInputError(`Cannot see what process ${pid} runs (no /proc entry readable): attaching needs Linux and a process of yours.`);
  }
  const language = languageOf(exe, argv[0] ?? '');
  const options = nodeOptionsOf(argv);
  const envOptions = (/(?:^|\0)NODE_OPTIONS=([^\0]*)/.exec(environ)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const flags = inspectFlags([...envOptions, ...options]);
  const scriptArg = language === 'other' ? undefined : argv.slice(1 + options.length).find((a) => !a.startsWith('-'));
  return {
    pid,
    language,
    exe,
    argv,
    cwd,
    script: scriptArg && cwd ? path.resolve(cwd, scriptArg) : scriptArg,
    ...(flags.open ? { inspectPort: flags.port ?? 9229 } : {}),
    signalPort: flags.port ?? 9229,
  };
}

/** The Python version a process runs, from its executable's name, else by asking that executable. */
export function pythonVersionOf(proc: RunningProcess): Promise<string | undefined> {
  const named = /python(\d+\.\d+)/.exec(path.basename(proc.exe))?.[1];
  if (named) return Promise.resolve(named);
  return new Promise((resolve) => {
    execFile(proc.exe, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { timeout: 5000 }, (err, stdout) => resolve(err ? undefined : stdout.trim()));
  });
}

/**
 * Why a Python process cannot be attached to, in one sentence: Python 3.14 added sys.remote_exec,
 * which makes attaching possible; Boundwise does not use it yet.
 */
export function pythonAttachSentence(pid: number, version: string | undefined): string {
  return `Process ${pid} runs Python${version ? ` ${version}` : ''}: only Python 3.14 and newer can be attached to (sys.remote_exec), `
    + 'and Boundwise does not attach to Python yet; start the program under boundwise profile instead.';
}
