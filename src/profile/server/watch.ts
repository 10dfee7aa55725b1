// Watches a run from outside, whatever its language: the CPU its process tree uses per window
// (from /proc, so a server's worker processes count too) and the TCP ports it listens on, which is
// how a server is detected and when its start-up ends.
import * as fs from 'node:fs';
import { statFields } from '../processTree';
import { listeningSockets, type ListeningSocket } from './listening';

export interface WatchedListen {
  /** Epoch ms when the port was first seen listening (within one poll, 100 ms). */
  atMs: number;
  port: number;
  address: string;
}

export interface WatchRecord {
  originMs: number;
  windowMs: number;
  listening: WatchedListen[];
  /**
   * CPU of the process tree per window (ms), and the started process's main thread's time on a
   * CPU and runnable but waiting for one (a busy machine). A window the watch missed is absent.
   */
  cpuWindows: Array<{ index: number; cpuMs: number; mainCpuMs?: number; mainQueueMs?: number }>;
}

const TICKS_PER_SECOND = 100; // /proc's clock ticks (USER_HZ), 100 on every Linux build

/** CPU (ms) of `root` and every live descendant, plus what its reaped children used. */
export function treeCpuMs(root: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  let rootReaped = 0;
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const f = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
      const ppid = Number(f[1]);
      const own = Number(f[11]) + Number(f[12]);
      cpu.set(pid, own);
      if (pid === root) rootReaped = Number(f[13]) + Number(f[14]);
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      /* gone meanwhile */
    }
  }
  if (!cpu.has(root)) return undefined;
  let ticks = rootReaped;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    ticks += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The main thread of `pid`: ms on a CPU and ms runnable but waiting for one. */
function mainThreadTimes(pid: number): { cpu: number; queue: number } | undefined {
  try {
    const [cpu, queue] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ').map(Number);
    return { cpu: cpu / 1e6, queue: queue / 1e6 };
  } catch {
    return undefined;
  }
}

function descendants(root: number): number[] {
  const out = [root];
  try {
    for (let i = 0; i < out.length && out.length < 256; i++) {
      const kids = fs.readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'latin1').trim();
      if (kids) out.push(...kids.split(' ').map(Number));
    }
  } catch {
    /* gone, or a kernel without the children file */
  }
  return out;
}

export class ServerWatch {
  private root = 0;
  private readonly listening = new Map<number, WatchedListen>();
  private readonly cpuWindows: WatchRecord['cpuWindows'] = [];
  private lastCpu: number | undefined;
  private lastMain: { cpu: number; queue: number } | undefined;
  private lastIndex = -1;
  private cpuTimer: NodeJS.Timeout | undefined;
  private listenTimer: NodeJS.Timeout | undefined;
  private readonly listeners: Array<(s: ListeningSocket) => void> = [];

  constructor(readonly originMs: number, readonly windowMs = 1000) {}

  /** Starts watching the run's started process (its pid). */
  start(pid: number): void {
    this.root = pid;
    this.lastCpu = treeCpuMs(pid);
    this.lastMain = mainThreadTimes(pid);
    this.lastIndex = Math.floor((Date.now() - this.originMs) / this.windowMs);
    this.scheduleCpu();
    const pollListen = () => {
      this.pollListening();
      this.listenTimer = setTimeout(pollListen, this.listening.size ? 1000 : 100);
    };
    pollListen();
  }

  private scheduleCpu(): void {
    const next = this.originMs + (Math.floor((Date.now() - this.originMs) / this.windowMs) + 1) * this.windowMs;
    this.cpuTimer = setTimeout(() => {
      this.sampleCpu();
      this.scheduleCpu();
    }, Math.max(1, next - Date.now()));
  }

  private sampleCpu(): void {
    const now = treeCpuMs(this.root);
    const main = mainThreadTimes(this.root);
    const index = Math.floor((Date.now() - this.originMs) / this.windowMs) - 1;
    if (now !== undefined && this.lastCpu !== undefined && index >= this.lastIndex) {
      // A late timer (busy machine) spreads what it measured over the windows it covers.
      const span = index - this.lastIndex + 1;
      const per = (a: number, b: number) => Math.round((Math.max(0, a - b) / span) * 10) / 10;
      for (let i = this.lastIndex; i <= index; i++) {
        this.cpuWindows.push({
          index: i,
          cpuMs: per(now, this.lastCpu),
          ...(main && this.lastMain ? { mainCpuMs: per(main.cpu, this.lastMain.cpu), mainQueueMs: per(main.queue, this.lastMain.queue) } : {}),
        });
      }
      this.lastIndex = index + 1;
    }
    if (now !== undefined) this.lastCpu = now;
    if (main) this.lastMain = main;
  }

  private pollListening(): void {
    const sockets = listeningSockets(descendants(this.root)) ?? [];
    for (const s of sockets) {
      if (this.listening.has(s.port)) continue;
      this.listening.set(s.port, { atMs: Date.now(), port: s.port, address: s.address });
      for (const l of this.listeners) l(s);
    }
  }

  /** Ports seen listening so far. */
  ports(): number[] {
    return [...this.listening.keys()];
  }

  /**
   * Resolves with the socket once the run listens on `port`; undefined when `until` settles first
   * (the run ended) or after `timeoutMs`.
   */
  listeningOn(port: number, timeoutMs: number, until: Promise<unknown>): Promise<WatchedListen | undefined> {
    const known = this.listening.get(port);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const settle = (v: WatchedListen | undefined) => {
        clearTimeout(timer);
        resolve(v);
      };
      void until.then(() => settle(this.listening.get(port)), () => settle(undefined));
      this.listeners.push((s) => {
        if (s.port === port) settle(this.listening.get(port));
      });
    });
  }

  /** Stops watching (call it once the run has ended: its last, partial window is not measured). */
  finish(): WatchRecord {
    clearTimeout(this.cpuTimer);
    clearTimeout(this.listenTimer);
    return { originMs: this.originMs, windowMs: this.windowMs, listening: [...this.listening.values()], cpuWindows: this.cpuWindows };
  }
}
