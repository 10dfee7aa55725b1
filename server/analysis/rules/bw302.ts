// BW302: an `await` per item that requests a target made from the item, in a loop whose
// iterations nothing ties together. The evidence of a request is ./requestEvidence; what ties
// iterations together is read from the loop facts (exits, order, carried state, pauses, hooks).
import { namesInText } from '../codeText';
import { codeSpan } from '../markdownText';
import { languageSupport } from '../languages';
import type { AwaitFact, CallFact, LoopFact, Position, SourceFacts } from '../types';
import { isPause, requestEvidence, startsWorkTogether } from './requestEvidence';
import type { RawFinding, Rule } from './rule';

/** Loop ids of `loopId` and every loop nested in it. */
function subtree(facts: SourceFacts, loopId: number): Set<number> {
  const ids = new Set([loopId]);
  for (const l of facts.loops ?? []) if (l.parentLoopId !== undefined && ids.has(l.parentLoopId)) ids.add(l.id);
  return ids;
}

/** Names bound earlier in this iteration from the loop variable (`url = base + x`), as seen from
 * `a`; without the results of awaits (`resp = await get(url)`) unless `results`. */
function freshAt(loop: LoopFact, a: AwaitFact, results = true): Set<string> {
  return new Set((loop.derived ?? []).filter((d) => atOrBefore(d.at, a.range.start) && (results || !d.fromAwait)).map((d) => d.name));
}

function atOrBefore(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character <= q.character);
}

/** True when something in the loop as a whole says its iterations cannot simply be started
 * together (an order, an exit, carried state, a pace, concurrency already there, hooks). */
function sequentialLoop(facts: SourceFacts, loop: LoopFact, awaits: AwaitFact[]): boolean {
  if ((loop.kind !== 'for' && loop.kind !== 'comprehension') || loop.exits || loop.bound === 'small' || loop.itemsExpire || loop.order || loop.setsAsideFailures) return true;
  const ids = subtree(facts, loop.id);
  // Paced: a sleep anywhere in the iteration (`await asyncio.sleep(1)`, `await new Promise((r) =>
  // setTimeout(r, ms))`, a sleep inside `Promise.all([...])`).
  if (facts.calls.some((c) => c.loopId !== undefined && ids.has(c.loopId) && c.functionId === loop.functionId && isPause(c))) return true;
  if ((facts.awaits ?? []).some((a) => a.loopId !== undefined && ids.has(a.loopId) && a.functionId === loop.functionId && (a.reads.includes('setTimeout') || a.reads.includes('setImmediate')))) return true;
  for (const a of awaits) {
    if (a.callIndex === undefined) continue;
    const call = facts.calls[a.callIndex];
    // Already concurrent: a batch gathered per iteration, tasks spawned into a group.
    if (startsWorkTogether(call)) return true;
    // The callable comes from the item (hooks, handlers, plugins, `item.method()`,
    // `getattr(self, name)()`): the steps run in the order given. (A name bound from an await,
    // `resp = await get(url)`, holds a result, not a part of the item.)
    const parts = new Set([...(loop.targets ?? []), ...freshAt(loop, a, false)]);
    if ([...namesInText(call.calleeText)].some((n) => parts.has(n))) return true;
    // Carried state: a name the body assigns (other than this iteration's own values) read by
    // the await or by a condition deciding whether it runs.
    const fresh = freshAt(loop, a);
    const carried = new Set(loop.assigned.filter((n) => !fresh.has(n)));
    if ([...a.reads, ...(a.guardReads ?? [])].some((n) => carried.has(n))) return true;
  }
  return false;
}

/** Recursion over a tree (`await self.walk(child)` inside `walk`): the order is the traversal. */
function callsItself(facts: SourceFacts, call: CallFact): boolean {
  const fn = call.functionId === undefined ? undefined : facts.functions[call.functionId];
  return !!fn?.qualifiedName && call.callee?.module === undefined && call.callee?.name === fn.qualifiedName;
}

/** The awaited callable is a parameter of the enclosing function, handed the item itself
 * (`async function notify(users, send) { for (const u of users) await send(u); }`): one call per
 * item, but nothing says it is I/O to a target of the item's (an ASGI `send` writes one stream).
 * Not when the function also awaits another callable it was handed, without arguments
 * (`message = await receive()`): that reads the next message from the one peer the callables
 * talk to, so what it sends goes to that peer, in order (a channel, as an ASGI app's). */
function passedInCallable(facts: SourceFacts, call: CallFact, items: Set<string>): boolean {
  const fn = call.functionId === undefined ? undefined : facts.functions[call.functionId];
  if (!fn?.params?.includes(call.calleeText) || !(call.args ?? []).some((arg) => items.has(arg.trim()))) return false;
  const readsChannel = facts.calls.some(
    (c) => c.functionId === call.functionId && c.awaited && c.calleeText !== call.calleeText && fn.params!.includes(c.calleeText) && !(c.args ?? []).length,
  );
  return !readsChannel;
}

/** The awaited call is a method of an object this iteration got by awaiting a call with the item
 * (`const broker = await cluster.findBroker({ nodeId })`, then `await broker.listGroups()`): the
 * item's own connection, client or session, so the request goes to a different target each
 * iteration, whatever the method's name. */
function itemsOwnObject(facts: SourceFacts, loop: LoopFact, awaits: AwaitFact[], a: AwaitFact, call: CallFact): boolean {
  const dot = call.calleeText.indexOf('.');
  const receiver = dot > 0 ? call.calleeText.slice(0, dot) : undefined;
  const got = receiver && (loop.derived ?? []).find((d) => d.name === receiver && d.fromAwait);
  if (!got) return false;
  if (!atOrBefore(got.at, a.range.start)) return false;
  // The await that bound it: the last one ending before the binding statement does.
  const binding = awaits.filter((b) => b !== a && atOrBefore(b.range.end, got.at)).pop();
  if (binding?.callIndex === undefined) return false;
  const getter = facts.calls[binding.callIndex];
  const items = new Set([...(loop.targets ?? []), ...freshAt(loop, binding, false)]);
  return (getter.args ?? []).some((arg) => [...namesInText(arg)].some((n) => items.has(n)));
}

export const bw302: Rule = {
  code: 'BW302',
  family: 'SEQ-AWAIT',
  name: 'sequential-await-in-loop',
  title: 'Independent awaits run one after another in a loop',
  defaultSeverity: 'information',
  docs: {
    whatItDoes:
      'Flags an `await` in a `for` loop (or list comprehension) that makes one request per item, each waiting for the one before, when nothing ties the iterations together. It needs evidence that every iteration does I/O to a target of its own: the awaited call has an argument made from the item (the loop variable, a field of it, or a name bound from it earlier in the iteration, `url = base + item.path`; for an index loop, `paths[i]`), and it is\n\n' +
      '- a known async I/O API: aiohttp\'s and httpx\'s async clients, `aiofiles`, `anyio.open_file`, `asyncio.open_connection`; in JavaScript/TypeScript `fetch`, axios, got, undici, `fs.promises`, `dns.promises`;\n' +
      '- or a request method (`get`, `post`, `patch`, `delete`, `head`, `options`, `request`) of a client object that is neither the item nor `self`/`this`: `session.get(f"/items/{i}")`, `` api.get(`/items/${id}`) ``;\n' +
      '- or a method of an object the iteration got by awaiting a call with the item (`const broker = await cluster.findBroker({ nodeId })`, then `await broker.listGroups()`; `conn = await router.connect(shard)`, then `await conn.size()`): the item\'s own connection, client or session, whatever the method\'s name. An object got without the item (`conn = await pool.acquire()`) is no evidence;\n' +
      '- or a function or method of the workspace that hands that argument on to such a call, at any depth (a blocking HTTP, file or socket call counts too; the BLOCKING rules report it as well). A workspace function is judged by what it does, not by its name.\n\n' +
      'When the evidence is missing, there is no finding. It points at the `await`; when the request is made in a helper, the related information points at it. The quick fix (`asyncio.gather`, `Promise.all`) is offered only where the rewrite is provably equivalent, which here means checked from the loop\'s own code: the body is the one awaited call, alone or appended (`out.append`, `out.push`) to a list that is neither the one walked nor read by the call; the call is `name(...)` or `a.b.name(...)` and its arguments call nothing and read only the loop variable and names the loop does not change, so evaluating them all before the first call gives the same values; the loop variable is not read after the loop (a JS `const`/`let` one cannot be) and a Python `for` has no `else`. The rewrite then makes the same calls with the same arguments and keeps the results in the same order. What it changes is when the calls run, which is the point: they all start at once (add a limit for large batches), and when one fails the later ones have already started, where the loop would have stopped before them. trio and anyio modules get no rewrite (use a nursery or a task group).',
    notReported:
      'Each of these is a property of the code, never a name, a file or a package:\n\n' +
      '- **The callable comes from the item**: the loop variable itself (`await hook(request)`), a method or attribute of it (`await plugin.load()`, `await cb.func(event)`, `await client.get(...)` with `client` the item), or something looked up with it (`await getattr(self, name)()`). Hooks, handlers, middleware, plugins and lifecycle steps run in the order they were given.\n' +
      '- **An order the code chose**: the loop walks `sorted(...)` or `reversed(...)` (JS: `.sort()`, `.reverse()`, `.toSorted()`, `.toReversed()`); or it works through files in turn and sets aside each one that fails: a `catch`/`except` in the body renames or deletes the item\'s file (`fs.renameSync(filePath, ...)`, `os.remove(path)`, `path.unlink()`), as a loader of plugins or extensions does with a broken one.\n' +
      '- **One resource for every iteration**: a call that is not a request to a target (`conn.execute(sql, row)`, `writer.write(chunk)`, `ws.send(msg)`, `mqtt.publish(topic, msg)`, `trx.insert(row)`, `self.push(line)`) is no evidence, whatever its arguments: on one connection, transaction, stream, pipeline, cursor, lock or channel the commands run in order anyway, and reordering them is a bug.\n' +
      '- **Carried state**: the await, or a condition deciding whether it runs, reads a name an earlier iteration assigned (pagination; `ok = ok and await ...`; `if model is None: ...`). Results that are only collected (`out.append(...)`, `total += ...`, `groups = groups + ...`) are not carried state.\n' +
      '- **Paced**: the iteration sleeps (`await asyncio.sleep(...)`, `await new Promise((r) => setTimeout(r, ms))`, a sleep inside `Promise.all([...])`), or the helper it awaits does: a rate limit.\n' +
      '- **An `await` in a `for` loop\'s test or update** (`for (let i = 0; await more(i); i++)`): every iteration waits for that answer first.\n' +
      '- **Already concurrent**: the iteration awaits a `gather`/`Promise.all`/`asyncio.wait` of a batch, or a task group\'s or nursery\'s `spawn`/`start_soon`/`start`/`create_task`; or the loop walks `as_completed(...)`.\n' +
      '- **Nothing to overlap**: a literal or a small constant number of items; a helper that does no I/O with the item (it only queues or computes).\n' +
      '- **No argument made from the item**: the same call on every iteration (`await ws.recv()`, `await queue.get()`) reads a stream in order.\n' +
      '- **A callable the caller passes in**, handed something other than the item itself (an ASGI `send({...})` of each chunk writes to one connection, in order). Handed the item itself (`async def notify(users, send): for u in users: await send(u)`) it is reported with partial evidence, one severity level below the rule\'s (a hint at the default): one call per item, but nothing says the calls are independent requests. Not even that when the function also awaits another callable it was handed, without arguments (`message = await receive()`): it reads the next message of the one peer its callables talk to (an ASGI app\'s `receive` and `send`), so what it sends goes to that peer, in order.\n' +
      '- Loops that leave early (`break`, `return`, `throw`: a search, or checks in order), `async for` and `for await`, `while` loops, awaits of tasks already started, recursion (`await self.walk(child)`), and loops over `itertools.groupby` (a group is gone once the loop moves on).',
    whyIsThisBad:
      'Each iteration waits for its request to finish before starting the next one, so N requests take N round trips. Started together they take about one. This is the most common reason async code is no faster than sync code.',
    example: {
      python: 'async def fetch_all(client, urls):\n    pages = []\n    for url in urls:\n        pages.append(await client.get(url))\n    return pages',
      javascript:
        'async function loadUsers(ids) {\n  const users = [];\n  for (const id of ids) {\n    users.push(await fetch(`/api/users/${id}`));\n  }\n  return users;\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def fetch_all(client, urls):\n    return await asyncio.gather(*(client.get(url) for url in urls))\n\n# Python 3.11+, with a concurrency limit for large batches:\n#     async with asyncio.TaskGroup() as tg: ...',
      javascript:
        'async function loadUsers(ids) {\n  return Promise.all(ids.map((id) => fetch(`/api/users/${id}`)));\n}\n\n// large batches: limit concurrency (p-limit, or chunks of N)',
    },
  },
  check(facts, context) {
    const findings: RawFinding[] = [];
    const loops = facts.loops ?? [];
    const awaitsByLoop = new Map<number, AwaitFact[]>();
    for (const a of facts.awaits ?? []) {
      if (a.loopId === undefined || loops[a.loopId].functionId !== a.functionId) continue;
      awaitsByLoop.set(a.loopId, [...(awaitsByLoop.get(a.loopId) ?? []), a]);
    }
    for (const [loopId, awaits] of awaitsByLoop) {
      const loop = loops[loopId];
      if (sequentialLoop(facts, loop, awaits)) continue;
      for (const a of awaits) {
        if (a.callIndex === undefined) continue;
        const call = facts.calls[a.callIndex];
        if (callsItself(facts, call)) continue;
        const items = new Set([...(loop.targets ?? []), ...freshAt(loop, a)]);
        const evidence = requestEvidence(facts, call, items, context.workspace) ?? (itemsOwnObject(facts, loop, awaits, a, call) ? { file: facts.file, range: call.range, calleeText: call.calleeText } : undefined);
        if (!evidence) {
          if (!passedInCallable(facts, call, items)) continue;
          findings.push({
            message: `\`await ${call.calleeText}(...)\` runs once per item, each call waiting for the one before; \`${call.calleeText}\` is passed in, so whether the calls are independent requests is not known here. If they are, start them together with ${languageSupport(facts.language).idioms.together(facts, false)}; if they write to one stream or must run in order, keep the loop.`,
            range: a.range,
            partialEvidence: true,
          });
          break;
        }
        const target = (call.args ?? []).find((arg) => [...namesInText(arg)].some((n) => items.has(n)));
        findings.push({
          // The fix first: a truncated one-line view (the Problems panel) still shows it.
          message: `Start the requests together with ${languageSupport(facts.language).idioms.together(facts, true)}: ${codeSpan(`${a.asyncWith ? 'async with' : 'await'} ${call.calleeText}(...)`)} makes one request per item${target ? ` (${codeSpan(target.length > 40 ? `${target.slice(0, 37)}...` : target)})` : ''}, each waiting for the one before, though the iterations do not depend on each other.`,
          range: a.range,
          ...(evidence.file !== facts.file || evidence.range !== call.range ? { related: [{ file: evidence.file, range: evidence.range, message: `the request: ${codeSpan(`${evidence.calleeText}(...)`)} with the item's value` }] } : {}),
          // The gather rewrite is asyncio's; trio and anyio need a nursery or task group. The fix
          // itself checks that the rewrite keeps the loop's meaning (python/fixes.ts, js/fixes.ts).
          data: { calleeText: call.calleeText, fix: loop.kind === 'for' && !facts.asyncFramework ? 'gather' : undefined },
        });
        break;
      }
    }
    return findings.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  },
};
