import { idiomsOf } from '../python/framework';
import { LARGE_BOUND, type LoopFact, type SourceFacts } from '../types';
import { isHeavyLoop, type WorkspaceIndex } from '../workspace/index';
import { blockingApiOfCall, describeFunction } from './blocking';
import type { RawFinding, Rule, RuleContext } from './rule';

/** Loop ids of `loop` and every loop nested in it. */
function subtree(facts: SourceFacts, loopId: number): Set<number> {
  const ids = new Set([loopId]);
  for (const l of facts.loops ?? []) if (l.parentLoopId !== undefined && ids.has(l.parentLoopId)) ids.add(l.id);
  return ids;
}

/** The body carries a BLOCKING finding (a catalogue call or a sync helper that blocks): that finding covers the loop. */
function bodyBlocks(facts: SourceFacts, ids: Set<number>, context: RuleContext): boolean {
  return facts.calls.some(
    (c) =>
      c.loopId !== undefined &&
      ids.has(c.loopId) &&
      (blockingApiOfCall(c, facts.language, context.extraBlockingCalls, facts) !== undefined ||
        (() => {
          const callee = context.workspace.calledFunction(facts, c);
          return !!callee && !!context.workspace.blockingReach(callee.facts, callee.fn);
        })()),
  );
}

/** Why the loop can compute for long, or undefined when it cannot. */
function whyLong(facts: SourceFacts, loop: LoopFact, ids: Set<number>, workspace: WorkspaceIndex): string | undefined {
  if (loop.bound === 'clock') return 'it busy-waits on a clock';
  // A `while True` in a `try`/`except` (or `with assertRaises(...)`) ends by the exception it
  // expects, like a loop that breaks: judged by what its body does.
  if (loop.bound === 'unbounded' && !loop.exits && !loop.endsByException) return 'it never ends by itself';
  // Otherwise the loop must be made of computation: a call to something unknown (a socket, a
  // queue, a library) may wait or end the loop, and then the loop is not CPU work.
  // (Python: the JS/TS front end judges its loops by its own bounds.)
  if (facts.language === 'python' && !workspace.loopOnlyComputes(facts, loop.id)) return undefined;
  if (loop.bound === 'unbounded') return facts.language === 'python' ? (loop.exits ? 'it only ends on a condition it computes' : 'it only ends on an exception it raises') : 'it never ends by itself';
  switch (loop.bound) {
    case 'large':
      return 'it runs a large constant number of times';
    case 'counted': {
      const count = loop.countRef && workspace.constantOf(facts.file, loop.countRef);
      if (count === undefined) return 'its count is not a constant';
      return count >= LARGE_BOUND ? 'it runs a large constant number of times' : undefined;
    }
    case 'small':
      return undefined;
    case 'collection': {
      if (isHeavyLoop(facts, loop.id)) return 'it nests loops over data';
      for (const c of facts.calls) {
        if (c.loopId === undefined || !ids.has(c.loopId)) continue;
        const callee = workspace.calledFunction(facts, c);
        if (callee && workspace.isCpuHeavy(callee.facts, callee.fn)) return `it calls \`${c.calleeText}\`, which computes in a loop, on every iteration`;
      }
      return undefined;
    }
  }
}

export const bw201: Rule = {
  code: 'BW201',
  family: 'CPU-LOOP',
  name: 'cpu-loop-without-yield',
  title: 'Long CPU loop in async code that never yields',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags a loop inside an `async` function whose body never awaits and that can run long: `while True` and busy-waits on a clock, `for` over `range(n)` with a non-constant or large `n` (a name bound once to an integer constant, `LOOPS = 5` in the module or imported from another module of the workspace, counts as that constant), and loops over data that nest another loop or call a workspace function that computes in a loop. A `while True` inside a `try` whose `except` names a specific exception (not a bare `except:`, `Exception`, `KeyboardInterrupt` or `CancelledError`), or inside `with assertRaises(...)`/`suppress(...)`, ends by the exception it expects and is judged like a loop that breaks: flagged only when its body only computes. Loops that await (on every or every Nth iteration), small constant loops, and loops whose body already carries a BLOCKING finding are not flagged. It points at the loop\'s first line. In JavaScript/TypeScript: `while (true)`, `for (;;)`, busy-waits such as `while (Date.now() < end)`, `for` loops with a non-constant or large (>= 10,000) bound (a `const` of the module or one imported from a workspace module counts as its value), and loops over data that nest another loop, inside async functions and request handlers.',
    whyIsThisBad:
      'asyncio switches tasks only at an `await`. A loop that computes without awaiting keeps the event loop to itself for its whole run, so timers fire late, sockets are not read and every other request waits. Awaiting a coroutine that does not suspend does not help either.',
    example: {
      python: 'async def score_all(items):\n    scores = []\n    for i in range(len(items)):\n        scores.append(expensive_score(items[i]))\n    return scores',
      javascript:
        'async function checksum(buf) {\n  let h = 0;\n  for (let i = 0; i < buf.length; i++) {\n    h = (h * 31 + buf[i]) | 0;\n  }\n  return h;\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def score_all(items):\n    scores = []\n    for i in range(len(items)):\n        scores.append(expensive_score(items[i]))\n        if i % 100 == 0:\n            await asyncio.sleep(0)  # let other tasks run\n    return scores\n\n# heavier work belongs in a process pool:\n#     await loop.run_in_executor(process_pool, score_batch, items)',
      javascript:
        'async function checksum(buf) {\n  let h = 0;\n  for (let i = 0; i < buf.length; i++) {\n    if (i % 1000 === 0) await new Promise(setImmediate); // let other work run\n    h = (h * 31 + buf[i]) | 0;\n  }\n  return h;\n}\n\n// heavier work belongs in a worker thread (piscina)',
    },
  },
  check(facts, context) {
    const findings: RawFinding[] = [];
    const loops = facts.loops ?? [];
    const flagged = new Set<number>();
    for (const loop of loops) {
      if (loop.functionId === undefined || loop.awaits) continue;
      if (loop.kind !== 'for' && loop.kind !== 'while') continue;
      const fn = facts.functions[loop.functionId];
      if (!fn.runsOnEventLoop) continue;
      // Report the outermost loop that qualifies.
      let parent = loop.parentLoopId;
      while (parent !== undefined && !flagged.has(parent)) parent = loops[parent].parentLoopId;
      if (parent !== undefined) continue;
      const ids = subtree(facts, loop.id);
      const why = whyLong(facts, loop, ids, context.workspace);
      if (!why || bodyBlocks(facts, ids, context)) continue;
      flagged.add(loop.id);
      findings.push({
        message: `This \`${loop.kind}\` loop in ${describeFunction(fn)} never awaits and can run long (${why}); ${facts.language === 'python' ? `add \`await ${idiomsOf(facts).sleep}(0)\` every N iterations or move the work to a process pool` : 'add `await new Promise(setImmediate)` every N iterations or move the work to a worker thread (piscina)'}.`,
        range: loop.headerRange,
        data: { fix: 'periodic-yield' },
      });
    }
    return findings;
  },
};
