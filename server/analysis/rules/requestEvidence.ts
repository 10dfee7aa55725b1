// BW302's evidence that an awaited call is I/O to a target taken from the iterated item: a call
// of a known async I/O API (an HTTP client, a file, a connection, DNS) or an HTTP-style request
// method of a client object, with an argument made from the item; or a workspace function that
// passes the item on to such a call (any depth). Also what makes a loop sequential on purpose:
// pauses (rate limits) and calls that start work without waiting for it.
import { namesInText } from '../codeText';
import { catalogueOf } from '../languages';
import type { CallFact, FunctionFact, Range, SourceFacts } from '../types';
import type { WorkspaceIndex } from '../workspace/index';
import { blockingApiOfCall } from './blocking';
import { canonicalName } from './startUp';

/** A method that sends an HTTP-style request to the target its arguments name: `client.get(url)`,
 * `session.post(f"/items/{i}")`, `cache.get(key)`. `put` is left out (a queue's `put(item)` looks
 * the same), and so is `fetch` (a database cursor's). */
const REQUEST_METHODS = new Set(['get', 'post', 'patch', 'delete', 'head', 'options', 'request']);

/** Blocking catalogue codes that are I/O to a target (HTTP, files, sockets and DNS): a helper
 * making such a call with the item's value requests a different target per item too. */
const BLOCKING_IO_CODES = new Set(['BW102', 'BW103', 'BW105']);

const reads = (text: string, names: ReadonlySet<string>): boolean => [...namesInText(text)].some((n) => names.has(n));

const PAUSES = /^(asyncio|trio|anyio)\.sleep$|^timers\.promises\.(setTimeout|setImmediate|scheduler\.wait)$/;

/** A wait that paces a loop: `asyncio.sleep`, `await setTimeout(ms)` from `node:timers/promises`,
 * and functions named for it (`sleep`, `delay`, `utils.sleep`): when such a call cannot be told
 * from a pause, the loop is taken to be paced (no finding). */
export function isPause(call: CallFact): boolean {
  if (call.target && PAUSES.test(call.target)) return true;
  return /(^|\.)(sleep|delay)$/i.test(call.calleeText) || /^(wait|pause)$/i.test(call.calleeText);
}

/** Calls that run their arguments together or start them without waiting: `gather`,
 * `Promise.all`, `asyncio.wait`, and a task group's or nursery's `spawn`/`start_soon`/`create_task`. */
export function startsWorkTogether(call: CallFact): boolean {
  if (call.target && /^(asyncio|trio|anyio)\.(gather|wait|as_completed|create_task|ensure_future)$|^Promise\.(all|allSettled|any|race)$/.test(call.target)) return true;
  return /(^|\.)(gather|all|allSettled|spawn|start_soon|start|create_task|ensure_future|submit)$/.test(call.calleeText);
}

/** An awaited call's I/O to a target made from `items`, and where that I/O is made. */
export interface RequestEvidence {
  /** The call that does the I/O: the awaited call itself, or one inside a workspace helper. */
  file: string;
  range: Range;
  /** How it was written (`client.get`). */
  calleeText: string;
}

/** The context evidence is looked for in. */
interface Search {
  workspace: WorkspaceIndex;
  /** Functions on the way down (a cycle is no evidence). */
  visiting: Set<FunctionFact>;
  depth: number;
}

const MAX_DEPTH = 4;

/** Evidence that `call` (awaited in a loop, or made by a helper it reaches) does I/O to a target
 * made from `items`: names holding this iteration's item (or, in a helper, the parameters the
 * item was passed in). */
export function requestEvidence(facts: SourceFacts, call: CallFact, items: ReadonlySet<string>, workspace: WorkspaceIndex): RequestEvidence | undefined {
  // Awaited by the loop, by an `await` or an `async with`.
  return evidenceOf(facts, call, items, { workspace, visiting: new Set(), depth: 0 }, true);
}

function evidenceOf(facts: SourceFacts, call: CallFact, items: ReadonlySet<string>, search: Search, awaited = call.awaited): RequestEvidence | undefined {
  const here = { file: facts.file, range: call.range, calleeText: call.calleeText };
  const args = call.args ?? [];
  const fromItem = args.some((a) => reads(a, items));
  // A workspace function is judged by what it does, not by its name.
  const callee = call.callee && search.workspace.resolve(facts.file, call.callee);
  if (callee) return helperEvidence(callee.facts, callee.fn, call, items, search);
  if (!fromItem) return undefined;
  const name = canonicalName(call);
  if (name && catalogueOf(facts.language).asyncRequests.has(name)) return here;
  if (!awaited) {
    // A blocking call inside a helper: the BLOCKING rules report it; the request still goes to
    // the item's target. (Other calls that are not awaited do not make anyone wait.)
    const api = blockingApiOfCall(call, facts.language);
    return api && BLOCKING_IO_CODES.has(api.code) ? here : undefined;
  }
  const dot = call.calleeText.lastIndexOf('.');
  const receiver = dot > 0 ? call.calleeText.slice(0, dot) : undefined;
  const method = call.calleeText.slice(dot + 1);
  // `self.get(...)`/`this.get(...)` is a method of the workspace that did not resolve: unknown.
  if (receiver && receiver !== 'self' && receiver !== 'this' && receiver !== 'cls' && REQUEST_METHODS.has(method)) return here;
  return undefined;
}

/** The item reaches the helper's parameters through the call's arguments; the helper is evidence
 * when one of its own calls does I/O with them and it does not pace itself. */
function helperEvidence(facts: SourceFacts, fn: FunctionFact, call: CallFact, items: ReadonlySet<string>, search: Search): RequestEvidence | undefined {
  if (search.depth >= MAX_DEPTH || search.visiting.has(fn) || !fn.params) return undefined;
  const passed = parametersReceiving(fn, call, items);
  if (!passed.size) return undefined;
  const calls = search.workspace.callsOf(facts, fn.id);
  if (calls.some((c) => isPause(c) || startsWorkTogether(c))) return undefined;
  search.visiting.add(fn);
  try {
    for (const c of calls) {
      const found = evidenceOf(facts, c, passed, { ...search, depth: search.depth + 1 });
      if (found) return found;
    }
    return undefined;
  } finally {
    search.visiting.delete(fn);
  }
}

/** The helper's parameters that receive an argument made from `items` (positional in order,
 * Python keywords by name; a method called through an object skips `self`). */
function parametersReceiving(fn: FunctionFact, call: CallFact, items: ReadonlySet<string>): Set<string> {
  const params = fn.params ?? [];
  const offset = (params[0] === 'self' || params[0] === 'cls') && call.calleeText.includes('.') ? 1 : 0;
  const out = new Set<string>();
  let position = 0;
  for (const arg of call.args ?? []) {
    const keyword = /^([A-Za-z_]\w*)\s*=(?!=)([\s\S]*)$/.exec(arg);
    if (/^\*/.test(arg)) break;
    if (keyword) {
      if (reads(keyword[2], items) && params.includes(keyword[1])) out.add(keyword[1]);
      continue;
    }
    const param = params[position + offset];
    if (param && reads(arg, items)) out.add(param);
    position++;
  }
  return out;
}


/** What of a helper's call a compact copy of its file must keep for `requestEvidence` to find in
 * it what it finds in the whole file: the call itself when it may pause, start work together,
 * lead into the workspace or make a request; its arguments when one of them reads a parameter of
 * the function making the call (only a parameter can carry a caller's item). */
export function requestFacts(call: CallFact, language: SourceFacts['language'], params: readonly string[]): { call: boolean; args: boolean } {
  const dot = call.calleeText.lastIndexOf('.');
  const name = canonicalName(call);
  const requests = call.callee !== undefined || (call.awaited && dot > 0 && REQUEST_METHODS.has(call.calleeText.slice(dot + 1))) || (!!name && catalogueOf(language).asyncRequests.has(name));
  const names = new Set(params);
  return { call: requests || isPause(call) || startsWorkTogether(call), args: requests && (call.args ?? []).some((a) => reads(a, names)) };
}
