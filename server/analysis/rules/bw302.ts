import { idiomsOf } from '../python/framework';
import type { AwaitFact, SourceFacts } from '../types';
import type { RawFinding, Rule } from './rule';

/** Awaited calls whose order matters or that are already concurrent: writes and reads on one
 * stream or connection, queues, locks, sleeps (rate limits), gathers of a batch. */
const SEQUENTIAL_METHODS = /^(send\w*|write\w*|drain|read\w*|recv\w*|receive\w*|put\w*|acquire|wait\w*|join|commit|rollback|execute\w*|fetch|fetchone|fetchall|fetchmany|fetchrow|fetchval|close|aclose|flush|cancel|shutdown|sleep|gather|as_completed|connect|start|stop|publish|ack|nack)$/;

/** JS timers awaited in a loop: a rate limit or a poll, sequential on purpose. */
const JS_WAITS = /^timers\.promises\.(setTimeout|setImmediate|scheduler\.wait)$/;

function awaitedMethodName(facts: SourceFacts, a: AwaitFact): string | undefined {
  if (a.callIndex === undefined) return undefined;
  const call = facts.calls[a.callIndex];
  return call.calleeText.split('.').pop();
}

function isSequentialByDesign(facts: SourceFacts, a: AwaitFact): boolean {
  const call = facts.calls[a.callIndex!];
  if (!call.calleeText.includes('.')) return call.target === 'asyncio.sleep' || JS_WAITS.test(call.target ?? '') || /^(sleep|delay|wait|pause)$/i.test(call.calleeText);
  if (call.target && /^(asyncio|trio|anyio)\.(sleep|gather|wait|as_completed|shield)$/.test(call.target)) return true;
  const method = awaitedMethodName(facts, a) ?? '';
  if (SEQUENTIAL_METHODS.test(method)) return true;
  // `await queue.get()`: no argument, a read of shared state.
  if (method === 'get' && (call.args?.length ?? 0) === 0) return true;
  return false;
}

export const bw302: Rule = {
  code: 'BW302',
  family: 'SEQ-AWAIT',
  name: 'sequential-await-in-loop',
  title: 'Independent awaits run one after another in a loop',
  defaultSeverity: 'information',
  docs: {
    whatItDoes:
      'Flags an `await` of a call inside a `for` loop (or comprehension) whose iterations do not depend on each other: the awaited call reads the loop variable (or a name bound from it earlier in the iteration, `url = base + x`) and nothing else the loop body assigns, and the loop has no `break` or `return`. Not flagged: the same call repeated on every iteration (`await ws.recv()`, `await mock()`: it reads no loop variable, so it reads a stream in order), pagination-style loops (the await feeds the next iteration), `async for`, `while` loops, awaits of tasks already started, and calls whose order matters (stream writes, queue and lock operations, sleeps, database cursors). It points at the `await`. In JavaScript/TypeScript: `for` and `for...of` loops; `for await`, `while`/`do...while` loops driven by the awaited result (pagination), loops with `break` or `return`, and awaited timers (`await setTimeout(ms)` from `node:timers/promises`, `sleep`, `delay`) are not flagged.',
    whyIsThisBad:
      'Each iteration waits for its request to finish before starting the next one, so N requests take N round trips. Started together they take about one. This is the most common reason async code is no faster than sync code.',
    example: {
      python: 'async def fetch_all(client, urls):\n    pages = []\n    for url in urls:\n        pages.append(await client.get(url))\n    return pages',
      javascript:
        'async function notify(users, send) {\n  for (const u of users) {\n    await send(u);\n  }\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def fetch_all(client, urls):\n    return await asyncio.gather(*(client.get(url) for url in urls))\n\n# Python 3.11+, with a concurrency limit for large batches:\n#     async with asyncio.TaskGroup() as tg: ...',
      javascript:
        'async function notify(users, send) {\n  await Promise.all(users.map((u) => send(u)));\n}\n\n// large batches: limit concurrency (p-limit, or chunks of N)',
    },
  },
  check(facts) {
    const findings: RawFinding[] = [];
    const loops = facts.loops ?? [];
    const reported = new Set<number>();
    for (const a of facts.awaits ?? []) {
      if (a.loopId === undefined || a.callIndex === undefined || reported.has(a.loopId)) continue;
      const loop = loops[a.loopId];
      if (loop.functionId !== a.functionId) continue;
      if ((loop.kind !== 'for' && loop.kind !== 'comprehension') || loop.exits || loop.bound === 'small' || loop.itemsExpire) continue;
      if (isSequentialByDesign(facts, a)) continue;
      // Names bound earlier in this iteration from the loop variable (`url = base + x`) hold this
      // iteration's value; every other name the body assigns is loop-carried state.
      const start = a.range.start;
      const fresh = new Set((loop.derived ?? []).filter((d) => d.at.line < start.line || (d.at.line === start.line && d.at.character <= start.character)).map((d) => d.name));
      const carried = new Set(loop.assigned.filter((n) => !fresh.has(n)));
      if (a.reads.some((n) => carried.has(n))) continue;
      // The same call on every iteration (`await ws.recv()`, `await mock()` in `for item in
      // expected`): a stream of results read in order, not independent work.
      if (loop.targets && !a.reads.some((n) => loop.targets!.includes(n) || fresh.has(n))) continue;
      reported.add(a.loopId);
      const call = facts.calls[a.callIndex];
      findings.push({
        message: `\`await ${call.calleeText}(...)\` runs once per iteration, one after another, though the iterations do not depend on each other; ${facts.language === 'python' ? `start them together with ${idiomsOf(facts).together}` : 'start them together with `Promise.all` (with a concurrency limit for large batches)'}.`,
        range: a.range,
        // The gather rewrite is asyncio's; trio and anyio need a nursery or task group.
        data: { calleeText: call.calleeText, fix: loop.kind === 'for' && !facts.asyncFramework ? 'gather' : undefined },
      });
    }
    return findings;
  },
};
