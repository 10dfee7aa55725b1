// Shared check of the BLOCKING family: a call whose canonical name is in the catalogue under
// the rule's code (or configured in `extraBlockingCalls`), made directly inside a function that
// runs on the event loop while other work may wait. What the code shows to be cheap (a memo
// guard, a pseudo-file, a small constant) or to run before anything else is on the loop (the
// entry coroutine before it first suspends, a test) is not reported. The uses of a flagged
// object (`f.read()` after `f = open(p)`) are listed in the finding's related information.
import type { ArgCondition, BlockingApi, Catalogue } from '../catalogue';
import { catalogueOf, languageSupport, lookupBlockingApi } from '../languages';
import { codeSpan } from '../markdownText';
import type { CallFact, FunctionFact, Language, Range, SourceFacts } from '../types';
import { configuredCode } from './configuredCalls';
import type { WorkspaceIndex } from '../workspace/index';
import type { RawFinding, RuleContext } from './rule';
import { weakerEvidence } from './lifecycleSteps';
import { afterServing, beforeServing } from './startUp';

/** Code of configured extra blocking calls given without a code: they block like a sync helper. */
export const EXTRA_BLOCKING_DEFAULT_CODE = 'BW110';

/** What no rule of the BLOCKING family reports: where the code shows that a blocking call blocks
 * nobody or runs once (the rule pages start their "What it does not report" section with it). */
export const BLOCKING_NOT_REPORTED =
  'Where the code shows that the call blocks nobody or runs once: in the program\'s entry coroutine (the function given to `asyncio.run`, `trio.run` or `anyio.run`, or a Node async function called at a module\'s top level, before any other top-level `await`; also one imported from another module of the workspace, as `asyncio.run(main())` in `__main__.py` or `await main()` at the top of a bin module, where that module has async code: a file without any is read only when a call chain reaches it) before it first awaits, when nothing else is on the loop yet; before the call in the same function that starts a server (`asyncio.start_server`, `loop.create_server`, aiohttp\'s `web.run_app` and `site.start()`, `uvicorn.run`, `sock.listen()`, Node\'s `http.createServer`, `https.createServer` and `app.listen` of express, fastify or koa, and a call given such a function to run: `nursery.start_soon(trio.serve_tcp, ...)`, `partial(trio.serve_listeners, ...)`), arguments of that call included, or before its call of a workspace function that starts one (a server made in a function nested in it, such as a `new Promise` executor, counts): start-up work that no request of that server can be waiting for (the TLS certificate read before the server is made, the socket path checked before it is bound); what the function does after that call is reported (its file work outside loops one severity level lower: it runs once per start, but requests may already be waiting; a network call there is not lowered, since it can wait for seconds, or for the server just started, which cannot answer while the loop is held), and so is a loop that starts the server again; in test code (methods of `unittest`/`aiounittest` test cases, pytest tests, callbacks of mocha, jest, vitest and `node:test`); in the body of an `if` that fills the long-lived cache it tests (`if X is None: X = ...`, `if key not in CACHE:`, `if (!this.pkg) this.pkg = ...`, `this.pkg ??= ...`) or that creates the path it found missing (`if not os.path.exists(p): os.mkdir(p)`); in a function memoised with `functools.cache`, `lru_cache` or `cached_property`; outside loops in a function whose last statement ends or replaces the process (`sys.exit(...)`, `os.execv(...)`, `process.exit(...)`), before any server it starts: the process\'s last work, done once (a helper such as a `restart()` that ends in `os.execv` reaches nothing); through a helper, a call the helper makes only when one of its parameters is truthy (in `if (mkBasePath && ...)`, `if make_dir:`) where the call leaves that parameter falsy (left out with a falsy default, or a falsy literal) and the helper does not assign it itself. A function handed to `asyncio.to_thread`, an executor or a worker is not called on the loop. Reported one severity level lower (raise the rule to see them at its level): the blocking calls of a start-up or shutdown step known only by its name (`init`, `initialize_provider`, `setup`, `startup`, `bootstrap`, `shutdown`, `cleanup`, `teardown`, `on_startup`, `onStop`, `start`, `stop`) or because the only calls of it in its file come from such steps (a call at the module\'s top level, such as `asyncio.run(main())`, is none: `main` runs the whole program), and of a function registered as a start-up or shutdown hook (aiohttp\'s `app.on_startup/on_shutdown/on_cleanup.append(f)`, `on_startup=[f]`/`on_shutdown=[f]`, `@app.on_event("startup")`, `atexit.register(f)`, a SIGINT/SIGTERM handler given to `signal.signal` or `loop.add_signal_handler`, Node\'s `process.on(\'SIGTERM\', f)` and the same for `SIGINT`, `exit` and `beforeExit`): such steps most often run once, and a name is weaker evidence than code. The name does not count for a route or request handler, for a function that other code of its file calls, for `__init__` and constructors (objects are made per request too), in a loop that runs for as long as work comes (`while True:`, `async for`, `for await`), or after the step started a server; callers in other files are not seen. Also one level lower: methods of a class named as test code (`TestApplication`, the names pytest collects) in a module that no test runner collects, test support known by its name only. A file-system query (BW109) in a loop that also reads or writes files (BW103), such as the folder made before each write, is no finding of its own: the file I/O finding lists it in its related information.';

/** The group of file-system queries and metadata changes (BW109): reported at a lower severity
 * than the other blocking calls, and the weakest reason a helper blocks (./chains). */
export const FS_QUERY_CODE = 'BW109';

/** The catalogue entry (or configured entry) that makes this call blocking, if any. */
export function blockingApiOfCall(call: CallFact, language: Language, extra?: Map<string, string>, facts?: SourceFacts): BlockingApi | undefined {
  return blockingApiIn(catalogueOf(language), call, extra, facts);
}

/** The same, in a given catalogue. What the code shows about the call (awaited, cheap, run once)
 * comes from the front end; when the call does not block after all, from its entry's fields. Without
 * `facts`, the fields that read the call that made the receiver are not applied. */
export function blockingApiIn(catalogue: Catalogue, call: CallFact, extra?: Map<string, string>, facts?: SourceFacts): BlockingApi | undefined {
  if (call.target === undefined || call.awaited || call.nonBlocking || call.cheap || call.once || call.ready) return undefined;
  const api = catalogue.lookup(call.target);
  if (api && !blocksHere(api, call, facts)) return undefined;
  // An empty write creates or empties the file at most: a metadata change of one path.
  if (api?.movesNoDataWhen && holds(api.movesNoDataWhen, call.args ?? [])) return { ...api, code: FS_QUERY_CODE, costIsDataSize: undefined };
  const configured = configuredCode(extra, [call.target]);
  if (configured) return { name: call.target, code: configured, instead: catalogue.offloadConfigured };
  return api;
}

/** False when the entry's fields say this call does not block. */
function blocksHere(api: BlockingApi, call: CallFact, facts?: SourceFacts): boolean {
  const args = call.args ?? [];
  if (api.doesNotBlockWhen?.some((c) => holds(c, args))) return false;
  if (api.blocksOnlyWhen && !holds(api.blocksOnlyWhen, args)) return false;
  const shared = api.waitsOnlyWhenShared;
  const origin = shared && facts && originOf(facts, call);
  if (shared && origin?.target && shared.madeBy.includes(origin.target)) {
    const madeHere = !shared.inSameFunction || origin.functionId === call.functionId;
    if (madeHere && !(shared.unlessMadeWith && holds(shared.unlessMadeWith, origin.args ?? []))) return false;
  }
  return true;
}

const isKeyword = (arg: string) => /^\w+\s*=[^=]/.test(arg);

/** Whether arguments as written satisfy a catalogue condition. */
function holds(c: ArgCondition, args: string[]): boolean {
  let texts: string[];
  if (c.anyArg) texts = args;
  else {
    const byKeyword = c.keyword === undefined ? undefined : args.find((a) => new RegExp(`^${c.keyword}\\s*=`).test(a))?.replace(new RegExp(`^${c.keyword}\\s*=\\s*`), '');
    const positional = c.arg === undefined ? undefined : args.filter((a) => !a.startsWith('*') && !isKeyword(a))[c.arg];
    const given = byKeyword ?? positional;
    texts = given === undefined ? [] : [given];
  }
  return texts.some((t) => !c.value || c.value.test(t)) && !c.unless?.some((u) => holds(u, args));
}

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

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** The call that made `call`'s receiver (`threading.Lock()` for `lock.acquire()`), when known. */
function originOf(facts: SourceFacts, call: CallFact): CallFact | undefined {
  const origin = call.receiverOrigin;
  return origin && facts.calls.find((c) => sameRange(c.range, origin));
}

/** `fh.read()` on `fh = open(p)` made in the same function: the `open` covers it (a finding
 * there lists it in its related information; an `open` that is no finding, such as one of a
 * pseudo-file, takes its uses with it). */
function coveringOrigin(facts: SourceFacts, call: CallFact, extra?: Map<string, string>): CallFact | undefined {
  const origin = originOf(facts, call);
  if (!origin || origin.functionId !== call.functionId || origin.target === undefined || origin.awaited) return undefined;
  return extra?.has(origin.target) || lookupBlockingApi(facts.language, origin.target) ? origin : undefined;
}

/** Where a blocking call in `fn` blocks nobody: in test code, in the program's entry coroutine
 * before it first suspends (nothing else is on the loop yet), as start-up work before the
 * function starts a server (no request of it can be waiting; ./startUp), or outside loops in a
 * function that ends the process (`sys.exit()`, `process.exit()` as its last statement) and has
 * started no server before the call: the process's last work, once. */
export function blocksNobody(facts: SourceFacts, fn: FunctionFact, call: CallFact, workspace?: WorkspaceIndex): boolean {
  if (fn.test || (call.beforeSuspension && (fn.entry || workspace?.isEntryElsewhere(facts, fn))) || beforeServing(facts, call, workspace)) return true;
  return !!fn.endsProcess && call.loopId === undefined && !afterServing(facts, call, workspace);
}

/** A catalogue module whose first use reads files: set up at the module's top level, it is in
 * memory when async code asks. */
function initialisedAtImport(facts: SourceFacts, api: BlockingApi): boolean {
  const module = api.loadedByModuleLevelUseOf;
  return !!module && facts.calls.some((c) => c.functionId === undefined && c.target?.startsWith(`${module}.`));
}

/** A file opened only for writes that move no data (`with open(p, 'w') as f: f.write('')`): its
 * opening creates or empties the file, a metadata change of one path (BW109), not file I/O. */
function onlyCreates(api: BlockingApi, uses: CallFact[] | undefined, facts: SourceFacts, extra?: Map<string, string>): boolean {
  return api.code === 'BW103' && !!uses?.length && uses.every((use) => blockingApiOfCall(use, facts.language, extra, facts)?.code === FS_QUERY_CODE);
}

/** How a call is named in messages: as written, with its canonical name when that differs. */
export function callName(call: CallFact): string {
  return call.calleeText === call.target ? `\`${call.calleeText}\`` : `\`${call.calleeText}\` (\`${call.target}\`)`;
}

interface BlockingCall {
  call: CallFact;
  fn: FunctionFact;
  api: BlockingApi;
}

/** The calls of `facts` that are findings of any code of the BLOCKING family, each with the entry
 * that makes it blocking. */
function blockingCalls(facts: SourceFacts, context: RuleContext | undefined, uses: Map<CallFact, CallFact[]>): BlockingCall[] {
  const extra = context?.extraBlockingCalls;
  const out: BlockingCall[] = [];
  for (const call of facts.calls) {
    if (call.functionId === undefined) continue;
    const fn = facts.functions[call.functionId];
    if (!fn.runsOnEventLoop) continue;
    // A library call, or a function of the workspace that extraBlockingCalls names.
    const found = call.target !== undefined ? blockingApiOfCall(call, facts.language, extra, facts) : context?.workspace.configuredCallee(facts, call);
    const api = found && onlyCreates(found, uses.get(call), facts, extra) ? { ...found, code: FS_QUERY_CODE } : found;
    if (!api || initialisedAtImport(facts, api) || blocksNobody(facts, fn, call, context?.workspace)) continue;
    if (coveringOrigin(facts, call, extra)) continue;
    out.push({ call, fn, api });
  }
  return out;
}

/** Per file, its blocking calls and the uses of the objects they made, for the context they were
 * found in: the rules of the family ask for them one code after another. */
const blockingByFacts = new WeakMap<SourceFacts, { context: RuleContext | undefined; uses: Map<CallFact, CallFact[]>; all: BlockingCall[] }>();

function blockingCallsOf(facts: SourceFacts, context: RuleContext | undefined): { uses: Map<CallFact, CallFact[]>; all: BlockingCall[] } {
  const known = blockingByFacts.get(facts);
  if (known && known.context === context) return known;
  const extra = context?.extraBlockingCalls;
  // The blocking uses of each object a blocking call made in the same function, by that call.
  const uses = new Map<CallFact, CallFact[]>();
  for (const call of facts.calls) {
    const origin = call.receiverOrigin && blockingApiOfCall(call, facts.language, extra, facts) ? coveringOrigin(facts, call, extra) : undefined;
    if (origin) uses.set(origin, [...(uses.get(origin) ?? []), call]);
  }
  const found = { context, uses, all: blockingCalls(facts, context, uses) };
  blockingByFacts.set(facts, found);
  return found;
}

export function findBlockingCalls(facts: SourceFacts, code: string, context?: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const extra = context?.extraBlockingCalls;
  const { uses, all } = blockingCallsOf(facts, context);
  // A loop that reads or writes files (BW103) and also queries the file system (the folder made
  // before each write): one finding, the file I/O, with the queries in its related information.
  // The queries go with the loop's first file I/O finding.
  const fileIo = new Map<number, CallFact>();
  for (const b of all) if (b.api.code === 'BW103' && b.call.loopId !== undefined && !fileIo.has(b.call.loopId)) fileIo.set(b.call.loopId, b.call);
  const queriesOf = new Map<CallFact, CallFact[]>();
  for (const b of all) {
    const io = b.api.code === FS_QUERY_CODE && b.call.loopId !== undefined ? fileIo.get(b.call.loopId) : undefined;
    if (io) queriesOf.set(io, [...(queriesOf.get(io) ?? []), b.call]);
  }
  for (const { call, fn, api } of all) {
    if (api.code !== code) continue;
    if (api.code === FS_QUERY_CODE && call.loopId !== undefined && fileIo.has(call.loopId)) continue;
    const language = languageSupport(facts.language);
    const advice = language.idioms.insteadOf(api, facts);
    const instead = advice.includes('`') ? advice : `\`${advice}\``;
    const related = [
      ...(uses.get(call) ?? []).map((use) => ({
        file: facts.file,
        range: use.range,
        message: `${callName(use)} on the object made here blocks too (${blockingApiOfCall(use, facts.language, extra, facts)!.code})`,
      })),
      ...(queriesOf.get(call) ?? []).map((query) => ({
        file: facts.file,
        range: query.range,
        message: `${callName(query)} in the same loop waits for the file system too (${FS_QUERY_CODE})`,
      })),
    ];
    const weaker = weakerEvidence(facts, fn, call, context?.workspace, api.code);
    findings.push({
      message: `${callName(call)} ${BLOCKS[api.code] ?? 'blocks the event loop'} in ${describeFunction(fn)}; use ${instead} instead.${weaker ?? ''}`,
      range: call.range,
      ...(related.length ? { related } : {}),
      ...(weaker ? { partialEvidence: true } : {}),
      data: { target: call.target ?? api.name, calleeText: call.calleeText, fix: language.blockingFix(api) },
    });
  }
  return findings;
}

/** What a call of a code does, when it says more than "blocks the event loop". */
export const BLOCKS: Record<string, string> = {
  [FS_QUERY_CODE]: 'waits for the file system (cheap on a local disk, unbounded on a network or FUSE file system)',
};
