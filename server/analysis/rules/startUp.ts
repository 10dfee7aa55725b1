// Start-up code: a blocking call that an async function makes before the call in the same
// function that starts a server (creates, binds or starts serving one, directly, in a function
// nested in it, or through a workspace function it calls) runs once per server start, and no
// request of that server can be waiting for it (the TLS certificate read before
// `https.createServer`, the socket path stat'ed before `loop.create_unix_server`). The serving
// calls are library APIs, matched by their canonical names (each language's catalogue lists them).
import { catalogueOf } from '../languages';
import type { CallFact, Language, Position, Range, SourceFacts } from '../types';
import type { WorkspaceIndex } from '../workspace/index';

/** The canonical name of a call: its resolved target, or the library function its receiver
 * leads to (`loop.create_server` after `loop = asyncio.get_running_loop()`, `session.get` on
 * `aiohttp.ClientSession()`). */
export function canonicalName(call: CallFact): string | undefined {
  if (call.target !== undefined) return call.target;
  const ref = call.callee;
  return ref?.module && !ref.module.startsWith('.') ? `${ref.module}.${ref.name}` : undefined;
}

/** The call starts a server: it is a serving call, or it is given one to run (a task group's
 * `start_soon(trio.serve_tcp, ...)`, `partial(trio.serve_listeners, ...)` handed to one). */
export function startsServing(call: CallFact, language: Language): boolean {
  const name = canonicalName(call);
  return (name !== undefined && catalogueOf(language).servingCalls.some((pattern) => pattern.test(name))) || !!call.passesServing?.length;
}

const notAfter = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Per file: per function, the calls that start a server, counting those of the functions nested
 * in it (a server made in a `new Promise` executor or a callback): a call of the outer function
 * that ends before such a call ends was made before the nested function was even created, so it
 * runs before that server exists, whenever the nested function runs. */
const servingCallsByFunction = new WeakMap<SourceFacts, Map<number, CallFact[]>>();

function servingCalls(facts: SourceFacts): Map<number, CallFact[]> {
  let byFunction = servingCallsByFunction.get(facts);
  if (!byFunction) {
    byFunction = new Map();
    for (const call of facts.calls) {
      if (!startsServing(call, facts.language)) continue;
      for (let id = call.functionId; id !== undefined; id = facts.functions[id].parentId) byFunction.set(id, [...(byFunction.get(id) ?? []), call]);
    }
    servingCallsByFunction.set(facts, byFunction);
  }
  return byFunction;
}

const contains = (outer: Range, inner: Range) => notAfter(outer.start, inner.start) && notAfter(inner.end, outer.end);

/** `serving` comes after `call` and runs only after it: not in a loop around `call` (whose next
 * iteration would run `call` again while that server serves). */
function precedes(facts: SourceFacts, call: CallFact, serving: CallFact): boolean {
  if (!notAfter(call.range.end, serving.range.end)) return false;
  const loops = facts.loops ?? [];
  for (let loop = call.loopId !== undefined ? loops[call.loopId] : undefined; loop; loop = loop.parentLoopId !== undefined ? loops[loop.parentLoopId] : undefined) {
    if (contains(loop.range, serving.range)) return false;
  }
  return true;
}

/** The calls of `call`'s function that start a server: a serving call (in it or in a function
 * nested in it), or, with the workspace, a call of a workspace function that makes one (one level
 * down: `await startDashboard()` where startDashboard makes the server). */
function serverStarts(facts: SourceFacts, call: CallFact, workspace?: WorkspaceIndex): CallFact[] {
  if (call.functionId === undefined) return [];
  const direct = servingCalls(facts).get(call.functionId) ?? [];
  if (!workspace) return direct;
  const throughWorkspace = facts.calls.filter((other) => {
    if (other === call || other.functionId !== call.functionId || !other.callee) return false;
    const callee = workspace.resolve(facts.file, other.callee);
    return !!callee && servingCalls(callee.facts).has(callee.fn.id);
  });
  return [...direct, ...throughWorkspace];
}

/** `call` completes before its own function starts a server: before a call there that starts one
 * (arguments of that call included), or that calls a workspace function that starts one, and not
 * in a loop that also starts it. The order is the text's: in a function with a branch per kind of
 * server (a TCP or a Unix socket), a call after one branch's serving call and before another's
 * counts too; it is the start-up work of a function that starts a server either way. */
export function beforeServing(facts: SourceFacts, call: CallFact, workspace?: WorkspaceIndex): boolean {
  if (call.functionId === undefined || startsServing(call, facts.language)) return false;
  return serverStarts(facts, call, workspace).some((serving) => precedes(facts, call, serving));
}

/** `call` starts after a call of its own function that starts a server has ended: that server may
 * be serving requests while `call` runs. */
export function afterServing(facts: SourceFacts, call: CallFact, workspace?: WorkspaceIndex): boolean {
  return serverStarts(facts, call, workspace).some((serving) => serving !== call && notAfter(serving.range.end, call.range.start));
}

/** `call` finishes its function's start of a server: it comes after a call of that function (not
 * of a function nested in it) that started one, and in no loop. The function starts a server, so
 * it runs once per start, and so does `call`; but that server may already be serving. */
export function finishesServerStart(facts: SourceFacts, call: CallFact, workspace?: WorkspaceIndex): boolean {
  if (call.loopId !== undefined) return false;
  return serverStarts(facts, call, workspace).some((serving) => serving !== call && serving.functionId === call.functionId && notAfter(serving.range.end, call.range.start));
}
