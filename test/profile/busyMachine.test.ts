// The sampler on a machine whose cores are taken: a thread waiting for a core wants the CPU, a
// thread that then sleeps does not. Real contention: the script shares its core with busy processes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileScript } from '../../src/profile/engine';
import { tempProject } from '../files';

// Computes for 0.8 s inside the event loop on a core shared with two busy processes (so it spends
// about two thirds of that time runnable but waiting for the core), stops them, then blocks the
// loop with time.sleep(0.6). The run-queue rate the sampler reads every 0.2 s still says "waiting
// for a core" for the first part of the sleep.
const CONTENDED_THEN_SLEEP = `import asyncio
import os
import subprocess
import sys
import time


async def handle():
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})  # this thread only: the sampler keeps its cores
    hog = "import os\\nos.sched_setaffinity(0, {%d})\\nwhile True: pass\\n" % core
    hogs = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(2)]
    end = time.perf_counter() + 0.8
    while time.perf_counter() < end:
        pass
    for h in hogs:
        h.kill()
        h.wait()
    time.sleep(0.6)


asyncio.run(handle())
`;

describe('profile: a busy machine', function () {
  this.timeout(30000);

  it('a sleep right after waiting for a core counts whole as waiting at the call', async function () {
    if (process.platform !== 'linux') this.skip(); // run-queue figures and affinity are Linux's
    const dir = tempProject({ 'contended_then_sleep.py': CONTENDED_THEN_SLEEP });
    try {
      for (let run = 0; run < 2; run++) {
        const { report } = await profileScript({ script: path.join(dir, 'contended_then_sleep.py') });
        const sleep = report.blocking.find((b) => b.call === 'time.sleep');
        assert.ok(sleep && sleep.line === 19, JSON.stringify(report.blocking));
        assert.ok(sleep.ms >= 540 && sleep.ms <= 900, `measured ${sleep.ms} ms waiting in a 0.6 s sleep (run ${run + 1})`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
