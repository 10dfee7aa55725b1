// The server verdict's class follows the figure its report shows: a server is told to add processes
// (one core is the limit) only when that figure makes it CPU-bound, the threshold the report's
// footer states. Server figures built by hand (real servers under load are in serverVerdicts.test.ts).
import * as assert from 'node:assert/strict';
import { classifyUtilization } from '../../src/profile/classify';
import type { ServerRecording, ServerReport } from '../../src/profile/server/model';
import { serverVerdictOf } from '../../src/profile/server/verdict';
import { measurement } from './builtMeasurement';

/** One busy window of 2 s in which the main thread computed `mainCpuMs`, 100 requests served. */
function busyServer(mainCpuMs: number): ServerReport {
  return {
    ports: [8080],
    counted: 'requests',
    phases: { startupMs: 200, busyMs: 2000, idleMs: 0 },
    busy: {
      windows: 4, ms: 2000, requests: 100, throughput: 50,
      latency: { count: 100, p50Ms: 20, p99Ms: 40, maxMs: 45 },
      cpuMs: mainCpuMs, cores: mainCpuMs / 2000, cpuPerRequestMs: mainCpuMs / 100,
      mainThread: { cpuMs: mainCpuMs, queueMs: 0, demand: mainCpuMs / 2000 },
      maxInflight: 2, meanInflight: 1,
    },
    routes: [],
    windows: [],
  };
}

const recording: ServerRecording = { runStartMs: 0, runEndMs: 2200, originMs: 0, windowMs: 500 };

describe('profile: server verdict thresholds', () => {
  for (const mainCpuMs of [1240, 1300, 1340, 1800]) {
    it(`main thread busy ${Math.round(mainCpuMs / 20)}% of the busy time: the class is the one that figure gives`, () => {
      const v = serverVerdictOf(measurement({ language: 'node', wallMs: 2200, cpuMs: mainCpuMs }), recording, busyServer(mainCpuMs));
      assert.ok(v?.utilization !== undefined);
      assert.equal(v.classification, classifyUtilization(v.utilization), `${v.classification} at ${v.utilization}: ${v.recommendation.title}`);
      // More processes only for a CPU-bound server.
      assert.equal(v.recommendation.id === 'cluster', v.classification === 'cpu-bound', v.recommendation.title);
    });
  }
});
