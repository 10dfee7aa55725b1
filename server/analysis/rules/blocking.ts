// Shared check of the BLOCKING family: a call whose canonical name is in the catalogue under
// the rule's code (or configured in `extraBlockingCalls`), made directly inside a function that
// runs on the event loop.
import { lookupBlockingApi, type BlockingApi } from '../catalogue';
import { jsAsyncTwin } from '../js/asyncTwins';
import { codeSpan } from '../markdownText';
import { adviceFor } from '../python/framework';
import type { CallFact, FixKind, FunctionFact, Language, Range, SourceFacts } from '../types';
import type { RawFinding, RuleContext } from './rule';

/** Code of configured extra blocking calls given without a code: they block like a sync helper. */
export const EXTRA_BLOCKING_DEFAULT_CODE = 'BW110';

/** The catalogue entry (or configured entry) that makes this call blocking, if any. */
export function blockingApiOfCall(call: CallFact, language: Language, extra?: Map<string, string>, facts?: SourceFacts): BlockingApi | undefined {
  if (call.target === undefined || call.awaited || call.nonBlocking) return undefined;
  if (language === 'python' && doesNotWait(call, facts)) return undefined;
  const configured = extra?.get(call.target);
  if (configured) return { name: call.target, code: configured, instead: '`await asyncio.to_thread(...)`' };
  const api = lookupBlockingApi(language, call.target);
  if (!api) return undefined;
  // Compressing a literal is a few bytes of work.
  if (language === 'python' && LITERAL_CHEAP.has(api.name) && /^[bBrRuU]*['"]/.test(call.args?.[0] ?? '')) return undefined;
  // `getaddrinfo(..., flags=AI_NUMERICHOST)`, `getnameinfo(addr, NI_NUMERICHOST | NI_NUMERICSERV)`:
  // numeric addresses only, no DNS lookup.
  if (language === 'python' && NUMERIC_ONLY.has(api.name) && call.args?.some((a) => /NUMERIC/.test(a))) return undefined;
  return api;
}

/** Python waits that are told not to wait: `q.get(block=False)`, `q.put(x, False)`,
 * `lock.acquire(False)`, `event.wait(0)`, `timeout=0`; and `put` on a queue made without a
 * `maxsize` (an unbounded queue never blocks a producer). */
const NO_WAIT_POSITION: Record<string, { index: number; value: RegExp }> = {
  'queue.Queue.get': { index: 0, value: /^False$/ },
  'multiprocessing.Queue.get': { index: 0, value: /^False$/ },
  'queue.Queue.put': { index: 1, value: /^False$/ },
  'multiprocessing.Queue.put': { index: 1, value: /^False$/ },
  'threading.Lock.acquire': { index: 0, value: /^False$/ },
  'threading.Semaphore.acquire': { index: 0, value: /^False$/ },
  'threading.Condition.acquire': { index: 0, value: /^False$/ },
  'threading.Event.wait': { index: 0, value: /^0(\.0*)?$/ },
  'threading.Condition.wait': { index: 0, value: /^0(\.0*)?$/ },
  'threading.Thread.join': { index: 0, value: /^0(\.0*)?$/ },
  'concurrent.futures.Future.result': { index: 0, value: /^0(\.0*)?$/ },
};
/** Locks a first `acquire` finds free (not semaphores: one made with 0 blocks). */
const FRESH_LOCKS = new Set(['threading.Lock', 'threading.RLock']);
const UNBOUNDED_QUEUES = new Set(['queue.Queue', 'queue.LifoQueue', 'queue.PriorityQueue', 'queue.SimpleQueue', 'multiprocessing.Queue', 'multiprocessing.SimpleQueue']);

function doesNotWait(call: CallFact, facts?: SourceFacts): boolean {
  const target = call.target!;
  const args = call.args ?? [];
  if (!/^(queue|multiprocessing|threading|concurrent\.futures)\..*\.(get|put|acquire|wait|join|result)$/.test(target)) return false;
  if (args.some((a) => /^(block|blocking)\s*=\s*False$/.test(a) || /^timeout\s*=\s*0(\.0*)?$/.test(a))) return true;
  const positional = args.filter((a) => !/^\*|^\w+\s*=[^=]/.test(a));
  const at = NO_WAIT_POSITION[target];
  if (at && at.value.test(positional[at.index] ?? '')) return true;
  const origin = facts && originOf(facts, call);
  // `lock.acquire()` on a lock this function made: no other thread can hold it yet.
  if (/\.acquire$/.test(target) && origin?.target && FRESH_LOCKS.has(origin.target) && origin.functionId === call.functionId) return true;
  // `q.put(x)` on `q = queue.Queue()`: no maxsize, never full.
  if (/^(queue\.Queue|multiprocessing\.Queue)\.put$/.test(target) && origin?.target && UNBOUNDED_QUEUES.has(origin.target)) {
    const oargs = origin.args ?? [];
    const maxsize = oargs.find((a) => /^maxsize\s*=/.test(a))?.replace(/^maxsize\s*=\s*/, '') ?? oargs.find((a) => !/^\w+\s*=[^=]/.test(a));
    if (maxsize === undefined || /^0$/.test(maxsize)) return true;
  }
  return false;
}

const NUMERIC_ONLY = new Set(['socket.getaddrinfo', 'socket.getnameinfo']);

const LITERAL_CHEAP = new Set(['zlib.compress', 'zlib.decompress', 'gzip.compress', 'gzip.decompress', 'bz2.compress', 'bz2.decompress', 'lzma.compress', 'lzma.decompress']);

/** How a message names the function a finding is in (Markdown): by its name, by the route the
 * code registers it for (`handler GET /invoices/:id`), and an unnamed one by its line, never by a
 * placeholder such as `<arrow>`. */
export function describeFunction(fn: FunctionFact): string {
  const route = fn.route !== undefined ? codeSpan(fn.route) : undefined;
  if (fn.name.startsWith('<')) {
    if (route) return `handler ${route}`;
    const what = fn.isAsync ? `async ${fn.name === '<lambda>' ? 'lambda' : fn.name === '<arrow>' ? 'arrow function' : 'function'}` : 'handler';
    return `the ${what} on line ${fn.range.start.line + 1}`;
  }
  if (route) return `handler ${route} (${codeSpan(fn.name)})`;
  return fn.isAsync ? `async function ${codeSpan(fn.name)}` : `handler ${codeSpan(fn.name)}`;
}

function fixFor(api: BlockingApi, language: Language): FixKind | undefined {
  // JS/TS: the promise twin (`fs.promises.x`, promisified `exec`), when there is one (js/fixes.ts).
  if (language !== 'python') return jsAsyncTwin(api.name) ? 'async-api' : undefined;
  if (api.name === 'time.sleep') return 'async-sleep';
  return 'to-thread';
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** The call that made `call`'s receiver (`threading.Lock()` for `lock.acquire()`), when known. */
function originOf(facts: SourceFacts, call: CallFact): CallFact | undefined {
  const origin = call.receiverOrigin;
  return origin && facts.calls.find((c) => sameRange(c.range, origin));
}

/** `fh.read()` on `fh = open(p)` made in the same function: the flagged `open` covers it. */
function coveredByOrigin(facts: SourceFacts, call: CallFact, extra?: Map<string, string>): boolean {
  const origin = originOf(facts, call);
  return !!origin && origin.functionId === call.functionId && blockingApiOfCall(origin, facts.language, extra, facts) !== undefined;
}

export function findBlockingCalls(facts: SourceFacts, code: string, context?: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const call of facts.calls) {
    if (call.functionId === undefined || call.target === undefined) continue;
    const fn = facts.functions[call.functionId];
    if (!fn.runsOnEventLoop) continue;
    const api = blockingApiOfCall(call, facts.language, context?.extraBlockingCalls, facts);
    if (!api || api.code !== code) continue;
    if (coveredByOrigin(facts, call, context?.extraBlockingCalls)) continue;
    const name = call.calleeText === call.target ? `\`${call.calleeText}\`` : `\`${call.calleeText}\` (\`${call.target}\`)`;
    const advice = facts.language === 'python' ? adviceFor(api.code, api.instead, facts.asyncFramework) : api.instead;
    const instead = advice.includes('`') ? advice : `\`${advice}\``;
    findings.push({
      message: `${name} blocks the event loop in ${describeFunction(fn)}; use ${instead} instead.`,
      range: call.range,
      data: { target: call.target, calleeText: call.calleeText, fix: fixFor(api, facts.language) },
    });
  }
  return findings;
}
