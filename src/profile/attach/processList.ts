// The running Node and Python processes of this user, for the editor's "attach" pick: read from
// /proc only (pid, command line, working folder); nothing is run and nothing is sent to them.
import * as fs from 'node:fs';
import { languageOf } from './processInfo';

export interface ListedProcess {
  pid: number;
  language: 'node' | 'python';
  argv: string[];
  cwd?: string;
}

/** The real user id in /proc/PID/status ("Uid:\treal\teffective..."). */
function uidOf(pid: number): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : undefined;
}

function parentOf(pid: number): number | undefined {
  try {
    const m = /^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node and Python processes owned by `uid` (default: this process's user), newest first. Left out:
 * `self` and its ancestors, and the ancestors' direct children running `selfExe`: the editor's own
 * processes (extension host, server, helpers), which are not the user's programs and which a signal
 * could disturb.
 */
export function listOwnProcesses(opts: { uid?: number; self?: number; selfExe?: string } = {}): ListedProcess[] {
  const uid = opts.uid ?? process.getuid?.();
  const self = opts.self ?? process.pid;
  const selfExe = opts.selfExe ?? process.execPath;
  const ancestors = new Set<number>();
  for (let pid: number | undefined = self; pid && pid > 1 && !ancestors.has(pid); pid = parentOf(pid)) ancestors.add(pid);
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ListedProcess[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (ancestors.has(pid)) continue;
    try {
      if (uid !== undefined && uidOf(pid) !== uid) continue;
      const exe = fs.readlinkSync(`/proc/${pid}/exe`);
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[argv.length - 1] === '') argv.pop();
      const language = languageOf(exe, argv[0] ?? '');
      if (language === 'other') continue;
      const parent = parentOf(pid);
      if (exe === selfExe && parent !== undefined && ancestors.has(parent)) continue;
      let cwd: string | undefined;
      try {
        cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        cwd = undefined;
      }
      out.push({ pid, language, argv, ...(cwd ? { cwd } : {}) });
    } catch {
      // Gone meanwhile, or not readable (a kernel thread, another user's process): not listed.
    }
  }
  return out.sort((a, b) => b.pid - a.pid);
}
