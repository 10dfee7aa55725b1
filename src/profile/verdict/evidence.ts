// The numbers a verdict rests on, computed once from the measurement: the part of the run after
// start-up, the CPU it used, the utilisation corrected for a busy machine, the waits and how many
// were in flight, the computing in the user's own functions.
import type { Measurement, WaitKind, WaitSite } from '../model';
import type { Hotspot } from '../report';

export const IO_KINDS: WaitKind[] = ['network', 'disk', 'sleep', 'subprocess', 'database', 'stdin'];

export function evidenceOf(m: Measurement, hotspots: Hotspot[]) {
  // The script's own run: interpreter start-up (tens of ms of pure CPU) is left out, or every
  // short script would look CPU-bound.
  const totalWall = Math.max(1, m.process.wallMs);
  const totalCpu = m.process.cpuUserMs + m.process.cpuSysMs + m.process.childCpuMs;
  const wall = Math.max(1, totalWall - m.process.startupWallMs);
  // ... and so is the sampler's own CPU: it would otherwise read as the program computing.
  const cpu = Math.max(0, totalCpu - m.process.startupCpuMs - m.process.profilerCpuMs);
  // Time spent runnable but waiting for a CPU (other load on the machine) would not exist on an
  // idle machine: take it out of the wall time, spread over the threads that were computing.
  const lanes = Math.max(1, Math.min(m.cores, Math.ceil(cpu / wall)));
  const effWall = Math.max(0.25 * wall, wall - m.process.runQueueMs / lanes);
  let u = cpu / effWall;
  // One lane of work (one thread, no workers): the samples say how much of the time it waited
  // for I/O rather than for a core, which bounds what the run-queue correction may add.
  const singleLane = m.process.threads <= 1 && m.parallel.units < 2 && m.process.childCpuMs < 0.3 * Math.max(1, totalCpu);
  if (singleLane) {
    let all = 0;
    let waiting = 0;
    m.sampleWeightsMs.forEach((w, i) => {
      all += w;
      if (!m.sampleOnCpu[i]) waiting += w;
    });
    if (all > 0) u = Math.max(cpu / wall, Math.min(u, 1 - waiting / all));
  }
  const waitShare = Math.max(0, 1 - Math.min(1, u));
  const userWaits = m.waits.filter((w) => w.user && w.kind !== 'gil' && w.kind !== 'loop-idle');
  const ioWaits = userWaits.filter((w) => IO_KINDS.includes(w.kind));
  const topWait: WaitSite | undefined = (ioWaits.length ? ioWaits : userWaits)[0];
  const ioKindMs = (k: WaitKind) => m.waitKinds[k] ?? 0;
  const mainIoKind = IO_KINDS.slice().sort((a, b) => ioKindMs(b) - ioKindMs(a))[0];
  const concurrency = m.io.ms > 0 ? m.io.threadMs / m.io.ms : 0;
  const count = m.sampleWeightsMs.length;
  const topCount = topWait ? m.callCounts.filter((c) => c.file === topWait.file && c.line === topWait.line).reduce((a, c) => Math.max(a, c.count), 0) : 0;
  const gilMs = ioKindMs('gil');
  // Computing in the script's own functions (module-level code is mostly imports and set-up).
  const computeMs = hotspots
    .filter((h) => h.onCpu && h.function !== '<module>' && !(h.function === '(anonymous)' && h.line <= 1))
    .reduce((a, h) => a + h.selfMs, 0);
  // Several threads computed but the process used about one core: they took turns on the GIL.
  const turnThreads = m.threadCpu.filter((t) => !t.main && t.cpuMs >= 0.05 * wall);
  const turnCpuMs = turnThreads.reduce((a, t) => a + t.cpuMs, 0);
  return {
    wall, totalWall, totalCpu, effWall, cpu, u, measuredU: totalCpu / totalWall, waitShare, userWaits, ioWaits, topWait, mainIoKind,
    concurrency, count, onCpuSamples: m.sampleOnCpu.filter(Boolean).length, topCount, gilMs, computeMs, turnThreads: turnThreads.length, turnCpuMs,
    hot: hotspots.find((h) => h.onCpu),
  };
}

export type Evidence = ReturnType<typeof evidenceOf>;
