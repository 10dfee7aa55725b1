// BW201: a loop that can keep the event loop for long: unbounded or busy-waiting with a path that
// does not await, a large constant bound, or a nest whose work grows with the square of the data.
// Single passes over data are not findings (their cost is the data's).
import { namesInText } from '../codeText';
import { languageSupport } from '../languages';
import { LARGE_BOUND, type LoopFact, type SourceFacts } from '../types';
import type { WorkspaceIndex } from '../workspace/index';
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

/** The loops from `loop` out to `outer` (both included), innermost first. */
function enclosing(loops: LoopFact[], loop: LoopFact, outer: LoopFact): LoopFact[] {
  const out: LoopFact[] = [];
  for (let l: LoopFact | undefined = loop; l; l = l.parentLoopId === undefined ? undefined : loops[l.parentLoopId]) {
    out.push(l);
    if (l.id === outer.id) break;
  }
  return out;
}

/** Names holding a loop's current item: a `for` loop's variables, the names the body binds or
 * rebinds in an iteration (`row = rows[i]`, `nodes = node.content`), and for a `while` loop what
 * its condition reads. A counted loop (`range(n)`, `i < n`) has no item, and the index of an index
 * pass (`for i in range(len(xs))`) is not an item, only a way to one (see `counters`). */
function itemNames(loop: LoopFact): string[] {
  const bound = [...loop.assigned, ...(loop.derived ?? []).map((d) => d.name)];
  if (loop.kind === 'while') return [...(loop.iterableReads ?? []), ...bound];
  if (loop.bound === 'counted' || loop.passOver) return bound;
  return [...(loop.targets ?? []), ...bound];
}

/** The variables of a counted loop or an index pass: they grow with its iterations. */
function counters(loop: LoopFact): string[] {
  return loop.bound === 'counted' || loop.passOver ? loop.targets ?? [] : [];
}

/** The index of an index pass: `xs[i]` reads it to reach the item. */
function indexes(loop: LoopFact): string[] {
  return loop.passOver ? loop.targets ?? [] : [];
}

/** The most specific names of a list: `self.items` rather than `self` (an attribute chain's
 * object is read too, but two loops over `self.a` and `self.b` do not walk the same data). */
function specific(names: Iterable<string>): Set<string> {
  const all = [...names];
  return new Set(all.filter((n) => n !== 'self' && n !== 'cls' && !all.some((m) => m.startsWith(`${n}.`))));
}

/** A loop that walks data or counts to a number only known at run time. */
function runsOverData(loop: LoopFact): boolean {
  return loop.kind !== 'async-for' && (loop.bound === 'collection' || loop.bound === 'counted');
}

/** Does `names` (what an inner loop walks, or a helper is handed) take a part of the current item
 * of `outer` or of a loop between: `for cell in row`, `range(len(row))`, `xs[i].parts`? Then the
 * nest is one pass over the data. */
function partOfItem(loops: LoopFact[], from: LoopFact, outer: LoopFact, names: Set<string>, isCount: boolean): boolean {
  return enclosing(loops, from, outer).some((l) => [...itemNames(l), ...(isCount ? [] : indexes(l))].some((n) => names.has(n)));
}

/** Does `names` grow with `outer`'s iterations: the same collection again (`for a in xs: for b in
 * xs`), or its counter (`range(i)`, `d * d <= n`)? Then the nest is quadratic in one size. Two
 * unrelated sizes (`for d in destinations: for h in headers`) are no evidence of that. */
function growsWith(outer: LoopFact, names: Set<string>): boolean {
  return [...specific(outer.iterableReads ?? []), ...counters(outer)].some((n) => names.has(n));
}

/** Why a loop over data (or a count) runs long: a nested loop, or a helper that computes in a
 * loop, whose size grows with this loop's own and that does not work on the current item. */
function quadraticWork(facts: SourceFacts, loop: LoopFact, ids: Set<number>, workspace: WorkspaceIndex): string | undefined {
  const loops = facts.loops ?? [];
  for (const inner of loops) {
    if (inner.id === loop.id || !ids.has(inner.id) || inner.functionId !== loop.functionId || !runsOverData(inner)) continue;
    const walks = specific(inner.iterableReads ?? []);
    if (partOfItem(loops, loops[inner.parentLoopId!], loop, walks, inner.bound === 'counted' && !inner.passOver)) continue;
    if (growsWith(loop, walks)) return 'it nests a loop whose length grows with its own, so the work grows with the square of the data';
  }
  for (const c of facts.calls) {
    if (c.loopId === undefined || !ids.has(c.loopId) || c.functionId !== loop.functionId) continue;
    const callee = workspace.calledFunction(facts, c);
    if (!callee || !workspace.isCpuHeavy(callee.facts, callee.fn)) continue;
    const handed = specific((c.args ?? []).flatMap((arg) => [...namesInText(arg)]));
    // Handed the current item (`score(row)`): the helper's loop works on that item.
    if (partOfItem(loops, loops[c.loopId], loop, handed, false)) continue;
    if (growsWith(loop, handed)) return `it calls \`${c.calleeText}\`, which computes in a loop as long as its own, on every iteration`;
  }
  return undefined;
}

/** A fold of a collection by index, not nested in another loop, that calls nothing (`for (let i = 0; i <
 * buf.length; i++) h = (h * 31 + buf[i]) | 0`): a checksum, hash or sum kernel. Its time is the
 * data's size, which is not known here, so it is reported with partial evidence. A pass that
 * stores the elements into a structure by key (`out[raw[i - 1]] = raw[i]`) reshapes a reply the
 * program received, like a `for...of` that pushes: not a fold (it has no accumulator). */
function foldsByIndex(facts: SourceFacts, loop: LoopFact, ids: Set<number>): boolean {
  return (
    !!loop.passOver &&
    loop.parentLoopId === undefined &&
    !loop.exits &&
    !loop.awaits &&
    ids.size === 1 &&
    !!loop.accumulates &&
    !facts.calls.some((c) => c.loopId !== undefined && ids.has(c.loopId))
  );
}

/** Why the loop can compute for long, or undefined when it cannot. */
function whyLong(facts: SourceFacts, loop: LoopFact, ids: Set<number>, workspace: WorkspaceIndex): string | undefined {
  // A loop that only stops by itself spins when some path reaches the next iteration without
  // an await: a conditional await is not a yield.
  if (loop.bound === 'clock') return loop.spins ? 'it busy-waits on a clock' : undefined;
  if (loop.bound === 'unbounded') {
    if (!loop.spins) return undefined;
    if (!loop.exits && !loop.endsByException) return loop.awaits ? 'it awaits only on some paths, and spins on the others' : 'it never ends by itself';
    // It ends on a condition or an exception: long only when it is made of computation (a call
    // to something unknown may wait or end it) and does not work through a collection (a
    // `while True` that slices a buffer until it is empty is one pass over it).
    if (loop.consumes || !workspace.loopOnlyComputes(facts, loop.id)) return undefined;
    return loop.exits ? 'it only ends on a condition it computes' : 'it only ends on an exception it raises';
  }
  if (loop.awaits) return undefined;
  if (loop.bound === 'large') return 'it runs a large constant number of times';
  if (loop.bound === 'counted' && !loop.passOver && loop.countRef) {
    const count = workspace.constantOf(facts.file, loop.countRef);
    if (count !== undefined) return count >= LARGE_BOUND ? 'it runs a large constant number of times' : undefined;
  }
  if (!runsOverData(loop)) return undefined;
  // One pass over a collection, or a count, is as long as the data it walks: not a finding. A nest
  // whose inner size grows with the outer one is. (Where an unknown call may be I/O, as in
  // Python, only a loop made of computation.)
  if (languageSupport(facts.language).unknownCallsMayWait && !workspace.loopOnlyComputes(facts, loop.id)) return undefined;
  return quadraticWork(facts, loop, ids, workspace);
}

export const bw201: Rule = {
  code: 'BW201',
  family: 'CPU-LOOP',
  name: 'cpu-loop-without-yield',
  title: 'Long CPU loop in async code that never yields',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags a loop in an `async` function (or a Node request or event handler) that can keep the event loop for long without giving it back:\n\n' +
      '- an unbounded loop (`while True`, `while (true)`, `for (;;)`, `itertools.count()`) in which some path reaches the next iteration without an `await` or `yield`. A conditional await is not a yield: `while True: if ready(): await x` spins while `ready()` is false, and a `continue` before the await skips it. A test that is periodic (`if i % 1000 == 0:`, a bit mask, a clock) around the await is the every-Nth-iteration yield and counts;\n' +
      '- a busy-wait on a clock (`while time.monotonic() < deadline`, `while (Date.now() < end)`) with such a path;\n' +
      '- a constant bound of 10,000 or more (`range(10**6)`, `i < 1e6`, a literal that long; a name bound once to a constant in the module, or imported from another module of the workspace, counts as that constant);\n' +
      '- a nest that is really quadratic: a loop with an inner loop whose length grows with the outer loop\'s own and that does not walk a part of the outer item: the same collection again (`for a in xs: for b in xs`, `for (let j = i + 1; j < xs.length; j++)`), a count taken from the outer counter (`range(i)`, `range(i + 1, len(xs))`, `d * d <= n`), or a workspace function that computes in a loop, called on every iteration with the counter or the same collection.\n\n' +
      'It points at the loop that runs long: the outer loop of a quadratic nest, or an inner loop that is long by itself (a 16,384-step loop inside a 3-step retry loop is reported, not the retry loop). An unbounded loop that ends on a condition it computes (`break`, `return`) or on an exception it expects (a `try` whose `except` names a specific exception, `with assertRaises(...)`/`suppress(...)`) is reported only when its body only computes.',
    notReported:
      'Each of these is a property of the code, never a name, a file or a package:\n\n' +
      '- **A single pass over a collection**, in either language: `for x in items`, `for i in range(len(items))`, `for...of`, and `for (let i = 0; i < a.length; i++)` alike. It costs as much as the data it walks, which the program has already received or built. A count of unknown size (`range(n)`, `i < n`) is treated the same: nothing says it is large. One such pass is reported with partial evidence, one severity level below the rule\'s (information at the default): a fold by index, outside any other loop, that calls nothing and computes an accumulator from its own value (`for (let i = 0; i < buf.length; i++) h = (h * 31 + buf[i]) | 0`, `total += data[i]`, `lines++`), the checksum, hash or sum kernel whose cost is the size of data that can come from outside. An index pass that only stores the elements into a structure by key (`out[raw[i - 1]] = raw[i]`, turning a reply\'s flat field/value list into a map) has no accumulator: it reshapes data the program received, like a `for...of` that pushes, and is not reported.\n' +
      '- **A nested loop that walks a part of the outer item** (`for row in rows: for cell in row`, `row.fields`, `range(len(row))`, `xs[i].parts`, a name the iteration binds from the item, `kind, limit = entry.split(":")`), and a workspace function handed the item (`score(row)`): the nest is one pass over the data.\n' +
      '- **Two unrelated sizes** (`for device in devices: for key in settings`): no evidence that either grows with the other.\n' +
      '- **An unbounded loop that works through a collection** it tests to end (`data = data[n:]` until it is empty, `queue.shift()`, `stack.pop()`): a single pass written as `while True`.\n' +
      '- Loops that await on every path or every Nth iteration, async generators\' loops (each `yield` suspends), small constant loops, loops whose body carries a BLOCKING finding (that finding covers the loop), and loops in sync code or in functions handed to a thread, process or worker.',
    whyIsThisBad:
      'asyncio switches tasks only at an `await`. A loop that computes without awaiting keeps the event loop to itself for its whole run, so timers fire late, sockets are not read and every other request waits. Awaiting a coroutine that does not suspend does not help either.',
    example: {
      python: 'async def duplicates(items):\n    found = []\n    for i in range(len(items)):\n        for j in range(i + 1, len(items)):\n            if items[i] == items[j]:\n                found.append(i)\n    return found',
      javascript:
        'async function waitFor(flag, ms) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {\n    if (flag.set) return true;\n  }\n  return false;\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def duplicates(items):\n    found = []\n    for i in range(len(items)):\n        if i % 100 == 0:\n            await asyncio.sleep(0)  # let other tasks run\n        for j in range(i + 1, len(items)):\n            if items[i] == items[j]:\n                found.append(i)\n    return found\n\n# better: a linear algorithm (a dict of first positions), or a process pool:\n#     await loop.run_in_executor(process_pool, find_duplicates, items)',
      javascript:
        'async function waitFor(flag, ms) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {\n    if (flag.set) return true;\n    await new Promise((resolve) => setTimeout(resolve, 10)); // wait without spinning\n  }\n  return false;\n}\n\n// heavier work belongs in a worker thread (piscina)',
    },
  },
  check(facts, context) {
    const findings: RawFinding[] = [];
    const loops = facts.loops ?? [];
    const flagged = new Set<number>();
    for (const loop of loops) {
      if (loop.functionId === undefined) continue;
      if (loop.kind !== 'for' && loop.kind !== 'while') continue;
      const fn = facts.functions[loop.functionId];
      if (!fn.runsOnEventLoop) continue;
      // Report the outermost loop that qualifies.
      let parent = loop.parentLoopId;
      while (parent !== undefined && !flagged.has(parent)) parent = loops[parent].parentLoopId;
      if (parent !== undefined) continue;
      const ids = subtree(facts, loop.id);
      const why = whyLong(facts, loop, ids, context.workspace);
      const fold = !why && foldsByIndex(facts, loop, ids);
      if ((!why && !fold) || bodyBlocks(facts, ids, context)) continue;
      flagged.add(loop.id);
      const instead = languageSupport(facts.language).idioms.periodicYield(facts);
      const collection = loop.passOver?.[loop.passOver.length - 1];
      findings.push({
        // The fix first: a truncated one-line view (the Problems panel) still shows it.
        message: fold
          ? `If \`${collection}\` can be large, ${instead}: this \`${loop.kind}\` loop in ${describeFunction(fn)} folds \`${collection}\` element by element without awaiting, so it keeps the event loop for as long as \`${collection}\` is large (its size is not known here).`
          : `${instead[0].toUpperCase()}${instead.slice(1)}: this \`${loop.kind}\` loop in ${describeFunction(fn)} ${loop.awaits ? 'does not await on every path' : 'never awaits'} and can run long (${why}).`,
        range: loop.headerRange,
        data: { fix: 'periodic-yield' },
        ...(fold ? { partialEvidence: true } : {}),
      });
    }
    return findings;
  },
};
