import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw107: Rule = {
  code: 'BW107',
  family: 'BLOCKING',
  name: 'blocking-thread-wait',
  title: 'Waiting on a thread primitive inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags waits on threads inside an `async` function: `input()`, `queue.Queue.get`/`put`, `Thread.join`, `threading.Event.wait`, `Lock.acquire`, `Condition.wait`, `concurrent.futures.Future.result` and `concurrent.futures.wait`, on objects made by those constructors. Not flagged: the forms told not to wait (`block=False`, `blocking=False`, `lock.acquire(False)`, a timeout of 0) and `put` on a queue made without a `maxsize`, which is never full. In JavaScript/TypeScript: terminal prompts that block the thread (`readline-sync`, `prompt-sync`); `Atomics.wait` is BW101.',
    notReported: `${BLOCKING_NOT_REPORTED} Waits the code shows to be over return at once and are not reported: \`q.get()\` right after \`while q.empty(): await ...\`; \`fut.result()\` (or \`.exception()\`) in the body of \`if fut.done():\`; and \`fut.result()\` in the body of a test that the message just received (\`m = await stream.receive()\`, then \`if m is None:\`) is the one the future's task sends last, when every \`fut = portal.start_task_soon(task)\` (or \`executor.submit(task)\`) of the file runs a \`task\` whose last statement, or the last statement of its final \`finally\`, is \`await stream.send(None)\` on that stream: the task has ended, as with a test client that drives an app's lifespan through an anyio portal and reads the task's result to re-raise its error.`,
    whyIsThisBad:
      'These calls sleep until another thread acts. The event loop sleeps with them, and if the other thread needs the loop to make progress (a callback, a task) the program deadlocks.',
    example: {
      python: 'import queue\n\njobs = queue.Queue()\n\nasync def next_job():\n    return jobs.get()',
      javascript:
        'const readlineSync = require(\'readline-sync\');\n\nasync function confirm() {\n  return readlineSync.keyInYN(\'Continue?\');\n}',
    },
    useInstead: {
      python: 'import asyncio\n\njobs = asyncio.Queue()\n\nasync def next_job():\n    return await jobs.get()\n\n# a queue fed by threads: await asyncio.to_thread(thread_queue.get)',
      javascript:
        'const readline = require(\'node:readline/promises\');\n\nasync function confirm() {\n  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });\n  try {\n    return (await rl.question(\'Continue? [y/n] \')) === \'y\';\n  } finally {\n    rl.close();\n  }\n}',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW107', context),
};
