// The classifier on measurements built by hand: the documented thresholds (docs/profile.md)
// and the rules' evidence, independent of how loaded the machine running the suite is.
import * as assert from 'node:assert/strict';
import { classifyMeasurement, classifyUtilization } from '../../src/profile/classify';
import type { Measurement } from '../../src/profile/model';

function measurement(over: Partial<Measurement> & { wallMs?: number; cpuMs?: number; childCpuMs?: number } = {}): Measurement {
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
    isLibrary: () => false,
    process: { wallMs: wall, cpuUserMs: over.cpuMs ?? wall, cpuSysMs: 0, childCpuMs: over.childCpuMs ?? 0, runQueueMs: 0, startupCpuMs: 0, startupWallMs: 0, profilerCpuMs: 0, maxChildren: 0, exitCode: 0, timedOut: false, threads: 1 },
    waits: [],
    waitKinds: {},
    io: { ms: 0, threadMs: 0, max: 0 },
    callCounts: [],
    waitsStarted: 0,
    parallel: { cpuMs: 0, units: 0, processPool: false },
    threadCpu: [],
    multiCpuMs: 0,
    loop: { kind: 'none', busyCpuMs: 0, blockedMs: 0, idleMs: 0, events: [] },
  };
  const { wallMs: _w, cpuMs: _c, childCpuMs: _cc, ...rest } = over;
  return { ...base, ...rest };
}

describe('profile: classification', () => {
  it('uses the documented thresholds: >= 2/3 cpu-bound, <= 1/3 io-bound, mixed between', () => {
    assert.equal(classifyUtilization(2 / 3), 'cpu-bound');
    assert.equal(classifyUtilization(0.66), 'mixed');
    assert.equal(classifyUtilization(1 / 3), 'io-bound');
    assert.equal(classifyUtilization(0.34), 'mixed');
    assert.equal(classifyUtilization(3.5), 'cpu-bound');
  });

  it('a run too short to matter gets none', () => {
    const v = classifyMeasurement(measurement({ wallMs: 120 }));
    assert.equal(v.recommendation.id, 'none');
  });

  it('single-threaded CPU work on 4 cores: processes, at most 4x (Amdahl)', () => {
    const v = classifyMeasurement(measurement({ wallMs: 2000, cpuMs: 1900 }), [{ function: 'crunch', file: '/w/app.py', line: 3, selfMs: 1800, totalMs: 1800, onCpu: true }]);
    assert.equal(v.classification, 'cpu-bound');
    assert.equal(v.recommendation.id, 'processes');
    assert.ok(v.prediction.speedup > 3 && v.prediction.speedup <= 4);
    assert.match(v.recommendation.detail, /`crunch` \(app\.py:3, 1\.80 s\)/);
  });

  it('the same work in Node: worker threads', () => {
    const v = classifyMeasurement(measurement({ language: 'node', wallMs: 2000, cpuMs: 1950 }));
    assert.equal(v.recommendation.id, 'worker-threads');
  });

  it('CPU spread over worker processes: already parallel, little left to gain', () => {
    const v = classifyMeasurement(measurement({ wallMs: 1000, cpuMs: 100, childCpuMs: 3600, parallel: { cpuMs: 3600, units: 4, processPool: true } }));
    assert.equal(v.recommendation.id, 'already-parallel');
    assert.equal(v.prediction.speedup, 1);
  });

  it('serial waits at one call site: asyncio, gain from the waiting share and the number of calls', () => {
    const v = classifyMeasurement(measurement({
      wallMs: 3000, cpuMs: 150,
      waits: [{ file: '/w/app.py', line: 9, call: 'urllib.request.urlopen', kind: 'network', ms: 2800, samples: 280, user: true }],
      waitKinds: { network: 2800 },
      io: { ms: 2800, threadMs: 2800, max: 1 },
      callCounts: [{ file: '/w/app.py', line: 9, event: 'socket.connect', count: 30 }],
      waitsStarted: 30,
    }));
    assert.equal(v.classification, 'io-bound');
    assert.equal(v.recommendation.id, 'asyncio');
    assert.match(v.recommendation.detail, /urllib\.request\.urlopen` at app\.py:9, 30 calls one after another/);
    // 150 ms of computing stays, 30 waits of ~95 ms overlap to about one: ~12x, below the 1/(1-w) = 20x bound.
    assert.ok(v.prediction.speedup > 8 && v.prediction.speedup < 20, String(v.prediction.speedup));
  });

  it('disk waits in a blocking library: threads', () => {
    const v = classifyMeasurement(measurement({
      wallMs: 2000, cpuMs: 100,
      waits: [{ file: '/w/app.py', line: 4, call: 'open', kind: 'disk', ms: 1800, samples: 180, user: true }],
      waitKinds: { disk: 1800 }, io: { ms: 1800, threadMs: 1800, max: 1 },
      callCounts: [], waitsStarted: 0,
    }));
    assert.equal(v.recommendation.id, 'threads');
  });

  it('many waits in flight already: already concurrent', () => {
    const v = classifyMeasurement(measurement({
      wallMs: 1000, cpuMs: 100, io: { ms: 900, threadMs: 900 * 50, max: 60 }, waitsStarted: 60,
    }));
    assert.equal(v.recommendation.id, 'already-concurrent');
  });

  it('an asyncio loop blocked inside tasks: offload-blocking', () => {
    const v = classifyMeasurement(measurement({
      wallMs: 1000, cpuMs: 60,
      waits: [{ file: '/w/app.py', line: 8, call: 'time.sleep', kind: 'sleep', ms: 900, samples: 90, user: true }],
      waitKinds: { sleep: 900 },
      loop: { kind: 'asyncio', busyCpuMs: 10, blockedMs: 900, idleMs: 0, events: [{ atMs: 10, ms: 50, file: '/w/app.py', line: 8, call: 'time.sleep' }] },
    }));
    assert.equal(v.recommendation.id, 'offload-blocking');
    assert.match(v.recommendation.detail, /time\.sleep/);
    assert.ok(v.recommendation.sketch?.after.includes('asyncio.to_thread'));
  });

  it('waiting for a busy machine\'s CPU is not mistaken for I/O', () => {
    // 1 s of CPU in 2 s of wall, but 1 s of it runnable and waiting for a core: CPU-bound.
    const m = measurement({ wallMs: 2000, cpuMs: 1000 });
    m.process.runQueueMs = 950;
    const v = classifyMeasurement(m);
    assert.equal(v.classification, 'cpu-bound');
    assert.equal(v.utilization, 0.5, 'the reported U stays CPU / wall');
  });
});
