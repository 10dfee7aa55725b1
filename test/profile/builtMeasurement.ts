// A measurement built by hand (no run): a Python script of `wallMs` that computed `cpuMs`, with
// every other figure empty unless given. For the classifier's and the server verdict's rules.
import type { Measurement } from '../../src/profile/model';

export function measurement(over: Partial<Measurement> & { wallMs?: number; cpuMs?: number; childCpuMs?: number } = {}): Measurement {
  const wall = over.wallMs ?? 2000;
  const samples = Math.round(wall / 10);
  const base: Measurement = {
    language: 'python',
    script: '/w/app.py',
    hz: 100,
    cores: 4,
    profile: { nodes: [], startTime: 0, endTime: wall * 1000, samples: new Array(samples).fill(1), timeDeltas: new Array(samples).fill(10000) },
    extraProfiles: [],
    sampleWeightsMs: new Array(samples).fill(10),
    sampleOnCpu: new Array(samples).fill(true),
    userFiles: ['/w/app.py'],
    process: { wallMs: wall, cpuUserMs: over.cpuMs ?? wall, cpuSysMs: 0, childCpuMs: over.childCpuMs ?? 0, runQueueMs: 0, startupCpuMs: 0, startupWallMs: 0, profilerCpuMs: 0, maxChildren: 0, exitCode: 0, timedOut: false, threads: 1 },
    waits: [],
    waitKinds: {},
    io: { ms: 0, threadMs: 0, max: 0 },
    callCounts: [],
    waitsStarted: 0,
    waitCounts: {},
    children: { started: 0, maxAtOnce: 0 },
    poolMs: 0,
    imports: { wallMs: 0, cpuMs: 0 },
    parallel: { cpuMs: 0, units: 0, processPool: false },
    threadCpu: [],
    multiCpuMs: 0,
    loop: { kind: 'none', busyCpuMs: 0, blockedMs: 0, idleMs: 0, events: [] },
  };
  const { wallMs: _w, cpuMs: _c, childCpuMs: _cc, ...rest } = over;
  return { ...base, ...rest };
}
