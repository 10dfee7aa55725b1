// Every process of one profiled run, found and signalled together, so that a stop, a timeout or the
// end of the run leaves nothing behind.
//
// The run starts as the leader of its own process group (spawned detached), which catches what it
// forks and spawns, but a daemon leaves the group with setsid(). So each run also carries a random
// marker in its environment, which everything it starts inherits, and the processes that still
// carry it are found by reading /proc/<pid>/environ. The marker was chosen over a cgroup: a cgroup
// would also hold a process that clears its environment, but creating one needs a writable,
// delegated cgroup v2 tree, which containers, CI runners and most desktops do not give a user
// process; the marker works for any process of the same user. A process that drops the variable
// (env -i, an explicit environment without it) after leaving the group escapes both: that is
// documented. Without /proc (macOS, Windows) the process group alone is used.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

export const RUN_MARKER_VARIABLE = 'BOUNDWISE_RUN';

export function newRunMarker(): string {
  return randomBytes(12).toString('hex');
}

/**
 * The fields of a /proc/<pid>/stat line from its state on: "pid (comm) state ppid pgrp ...", where
 * comm may hold spaces and parentheses, so the line is split after the last ')'. [0] state, [1] ppid,
 * [2] pgrp, [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks).
 */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function isZombie(fields: string[]): boolean {
  return fields[0] === 'Z';
}

function processGroupOf(fields: string[]): number {
  return Number(fields[2]);
}

interface RunProcess {
  pid: number;
  /** In the run's process group (else found by its marker: it left the group). */
  inGroup: boolean;
}

/**
 * The live processes (zombies left out) of the run: members of the process group `group`, and
 * processes whose environment holds the run's marker. Never this process. undefined without /proc.
 */
function scanRun(group: number, marker: string): RunProcess[] | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const needle = Buffer.from(`\0${RUN_MARKER_VARIABLE}=${marker}\0`);
  const found: RunProcess[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    try {
      const stat = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
      if (isZombie(stat)) continue;
      if (processGroupOf(stat) === group) {
        found.push({ pid, inGroup: true });
        continue;
      }
      // environ starts without a separator: prefix one so the first variable matches too.
      const environ = Buffer.concat([Buffer.from([0]), fs.readFileSync(`/proc/${pid}/environ`)]);
      if (environ.includes(needle)) found.push({ pid, inGroup: false });
    } catch {
      /* gone meanwhile, or another user's process */
    }
  }
  return found;
}

/** Pids of the run's live processes (see scanRun); undefined without /proc. */
export function runProcesses(group: number, marker: string): number[] | undefined {
  return scanRun(group, marker)?.map((p) => p.pid);
}

function kill(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Sends `signal` to the run's process group and to every process that carries its marker. Only
 * while the group's leader (the started command) has not been reaped: after that its pid, and so
 * the group id, may be reused; then `groupAlive` is false and the processes are signalled one by one.
 */
export function signalRun(group: number, marker: string, signal: NodeJS.Signals, groupAlive: boolean): void {
  if (groupAlive) kill(-group, signal);
  // Once each: a second SIGINT would interrupt a Python program's own KeyboardInterrupt handling.
  for (const p of scanRun(group, marker) ?? []) if (!groupAlive || !p.inGroup) kill(p.pid, signal);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ends whatever of the run is still alive once its started command has exited (daemons, orphaned
 * workers): SIGTERM, then SIGKILL for what is left after `graceMs`. Resolves with the number of
 * processes found alive. Call it before reaping is observed by anything that could reuse the pid:
 * without /proc it can only signal the group, which it does right away.
 */
export async function endRun(group: number, marker: string, graceMs: number): Promise<number> {
  const left = runProcesses(group, marker);
  if (left === undefined) {
    kill(-group, 'SIGKILL');
    return 0;
  }
  if (left.length === 0) return 0;
  for (const pid of left) kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let alive = left;
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(25);
    alive = runProcesses(group, marker) ?? [];
  }
  for (const pid of alive) kill(pid, 'SIGKILL');
  return left.length;
}
