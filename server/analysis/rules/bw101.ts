import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw101: Rule = {
  code: 'BW101',
  family: 'BLOCKING',
  name: 'blocking-sleep',
  title: 'Blocking sleep inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags `time.sleep(...)` (Python) and `Atomics.wait(...)` (JavaScript/TypeScript) called inside an `async` function, under any import form or alias.',
    notReported: BLOCKING_NOT_REPORTED,
    whyIsThisBad:
      'An event loop runs one task at a time and switches only when a task awaits. A blocking sleep does not await: it stops the whole loop, so every other request, timer and task waits for it too. Ten concurrent tasks that each sleep one second take ten seconds instead of one.',
    example: {
      python: 'import time\n\nasync def poll(client):\n    while not await client.ready():\n        time.sleep(1)',
      javascript: 'async function waitForFlag(view) {\n  Atomics.wait(view, 0, 0, 1000);\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def poll(client):\n    while not await client.ready():\n        await asyncio.sleep(1)',
      javascript:
        "import { setTimeout as sleep } from 'node:timers/promises';\n\nasync function waitForFlag(view) {\n  await Atomics.waitAsync(view, 0, 0, 1000).value;\n  // or: await sleep(1000);\n}",
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW101', context),
};
