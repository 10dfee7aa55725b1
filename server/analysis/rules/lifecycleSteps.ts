// Start-up and shutdown steps known by their names only: `init`, `initialize_provider`,
// `setUp`, `on_startup`, `stop`, `_cleanup`, `onShutdown`, and functions that only such steps call
// in their file. A name is weaker evidence than code that shows the function runs once (the entry
// coroutine before it suspends, the work before a server starts: ./startUp), so the blocking
// calls of such a step are reported one severity level lower (`partialEvidence`), where a user
// who wants them can raise the rule. The name does not count where the code shows the function
// runs per request: a route or request handler, or a function of the same file that is no such
// step calls it (a shutdown hook that a handler also calls); nor where a server the step started is
// serving (after its serving call: requests may be waiting), nor in a loop that runs for as long
// as work comes (a consumer's `while True:` or `async for`).
import type { CallFact, FunctionFact, SourceFacts } from '../types';
import type { WorkspaceIndex } from '../workspace/index';
import { afterServing, finishesServerStart } from './startUp';

/** First words that name a step, whatever follows (`initialize_provider`, `cleanup_kernels`). */
const STEP_WORDS = new Set(['init', 'initialize', 'initialise', 'setup', 'startup', 'bootstrap', 'shutdown', 'cleanup', 'teardown']);
/** Words that name a step only alone: `start_kernel` and `stop_wallet` act on one thing, which a
 * request may ask for. */
const WHOLE_STEP_WORDS = new Set(['start', 'stop']);
/** Hook prefixes: `on_startup`, `onStop`, `beforeShutdown`, `after_setup`. */
const HOOK_PREFIXES = new Set(['on', 'before', 'after']);
/** Two words written for one: `setUp`, `tear_down`, `shut_down`, `clean_up`, `start_up`. */
const JOINED = new Map([['set up', 'setup'], ['tear down', 'teardown'], ['shut down', 'shutdown'], ['clean up', 'cleanup'], ['start up', 'startup']]);

function wordsOf(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const joined = JOINED.get(words.slice(0, 2).join(' '));
  return joined ? [joined, ...words.slice(2)] : words;
}

/** A function name that says the function is a start-up or shutdown step. */
export function namedLikeLifecycleStep(name: string): boolean {
  // `__init__` makes an object, which a request may do.
  if (/^__\w+__$/.test(name) || name === 'constructor') return false;
  let words = wordsOf(name);
  if (words.length > 1 && HOOK_PREFIXES.has(words[0])) words = wordsOf(words.slice(1).join('_'));
  if (!words.length) return false;
  return STEP_WORDS.has(words[0]) || (words.length === 1 && WHOLE_STEP_WORDS.has(words[0]));
}

/** Per file: the calls of each function of the file made in the file, by the callee's id. */
const callersByFacts = new WeakMap<SourceFacts, Map<number, CallFact[]>>();

function callersIn(facts: SourceFacts, workspace: WorkspaceIndex): Map<number, CallFact[]> {
  let callers = callersByFacts.get(facts);
  if (callers) return callers;
  callers = new Map();
  for (const call of facts.calls) {
    if (!call.callee || call.callee.module) continue;
    const found = workspace.resolve(facts.file, call.callee);
    if (!found || found.facts.file !== facts.file) continue;
    callers.set(found.fn.id, [...(callers.get(found.fn.id) ?? []), call]);
  }
  callersByFacts.set(facts, callers);
  return callers;
}

/** Code that shows the function runs per request: a route, or a handler that is not async (Node
 * runs such functions on the loop only as request or event handlers). */
const handlesRequests = (fn: FunctionFact): boolean => fn.route !== undefined || (fn.runsOnEventLoop && !fn.isAsync);

/** `call`, made in `fn`, runs as part of a start-up or shutdown step as far as its file shows:
 * `fn` is named like one (and called, if at all, by such steps or at module level), or called in
 * its file only by such steps, before they start a server; no function of the file that is not such
 * a step calls it; and `call` does not come after `fn` started a server. Callers in other files are
 * not seen. */
export function inLifecycleStep(facts: SourceFacts, fn: FunctionFact, call: CallFact, workspace: WorkspaceIndex | undefined): boolean {
  return !afterServing(facts, call, workspace) && !inLongRunningLoop(facts, call) && isLifecycleStep(facts, fn, workspace, new Set());
}

/** The call is in a loop that keeps going for as long as work comes (`while True:`, `for (;;)`,
 * `async for msg in queue`, `for await (...)`): per-message work, however the function is named.
 * A pass over a collection (the extensions to load) is finite start-up work. */
function inLongRunningLoop(facts: SourceFacts, call: CallFact): boolean {
  const loops = facts.loops ?? [];
  for (let loop = call.loopId !== undefined ? loops[call.loopId] : undefined; loop; loop = loop.parentLoopId !== undefined ? loops[loop.parentLoopId] : undefined) {
    if (loop.kind === 'async-for' || loop.bound === 'unbounded') return true;
  }
  return false;
}

/** Per file, what is known of its functions (a caller reached by many paths is judged once; a
 * function judged inside a cycle of callers counts as no step). */
const stepsByFacts = new WeakMap<SourceFacts, Map<number, boolean>>();

function isLifecycleStep(facts: SourceFacts, fn: FunctionFact, workspace: WorkspaceIndex | undefined, visiting: Set<number>): boolean {
  if (!workspace) return judgeStep(facts, fn, workspace, visiting);
  let known = stepsByFacts.get(facts);
  if (!known) stepsByFacts.set(facts, (known = new Map()));
  let step = known.get(fn.id);
  if (step === undefined) known.set(fn.id, (step = judgeStep(facts, fn, workspace, visiting)));
  return step;
}

function judgeStep(facts: SourceFacts, fn: FunctionFact, workspace: WorkspaceIndex | undefined, visiting: Set<number>): boolean {
  if (handlesRequests(fn) || visiting.has(fn.id)) return false;
  const named = namedLikeLifecycleStep(fn.name) || !!fn.lifecycleHook;
  if (!workspace) return named;
  // Recursion says nothing of who else calls it.
  const callers = (callersIn(facts, workspace).get(fn.id) ?? []).filter((c) => c.functionId !== fn.id);
  if (!named && !callers.length) return false;
  visiting.add(fn.id);
  try {
    // A call at module level runs once, but it is no step: it keeps a step's name as evidence (a
    // `setup()` called on import) and gives none to a function without one (`asyncio.run(main())`
    // runs the whole program, and what main calls is the program's work).
    return callers.every((c) => (c.functionId === undefined ? named : !afterServing(facts, c, workspace) && !inLongRunningLoop(facts, c) && isLifecycleStep(facts, facts.functions[c.functionId], workspace, visiting)));
  } finally {
    visiting.delete(fn.id);
  }
}

/** A class named as test code (`TestApplication`, `TestServer`: the names pytest collects): its
 * methods are test support, known by the name only. */
const TEST_CLASS = /^Test([A-Z_0-9]|$)/;

function inTestClass(fn: FunctionFact): boolean {
  const parts = (fn.qualifiedName ?? '').split('.');
  return parts.slice(0, -1).some((part) => TEST_CLASS.test(part));
}

/** Codes of local file work: short on a local disk, so the file work that finishes a server's
 * start is reported one level lower; a network call there can wait for seconds (or for the server
 * it just started, which cannot answer while the loop is held). */
const LOCAL_FILE_CODES = new Set(['BW103', 'BW109']);

/** Why a blocking call (of rule `code`) in `fn` is reported one severity level lower, as a sentence
 * for its message, or undefined: `fn` is a start-up or shutdown step (inLifecycleStep), or a method
 * of a class named as test code, and no request handler; or the call is local file work that
 * finishes the function's start of a server (./startUp). */
export function weakerEvidence(facts: SourceFacts, fn: FunctionFact, call: CallFact, workspace: WorkspaceIndex | undefined, code: string): string | undefined {
  if (inLifecycleStep(facts, fn, call, workspace)) {
    const why = fn.lifecycleHook
      ? 'is registered as a start-up or shutdown hook'
      : namedLikeLifecycleStep(fn.name)
        ? 'is named like a start-up or shutdown step'
        : 'is called in its file only by start-up or shutdown steps';
    // An unnamed function is named by the message already (`the async arrow function on line 9`).
    const subject = fn.name.startsWith('<') ? 'it' : `\`${fn.name}\``;
    return ` Reported one level lower: ${subject} ${why}, and such steps most often run once.`;
  }
  if (!handlesRequests(fn) && inTestClass(fn)) return ' Reported one level lower: its class is named as test code.';
  if (LOCAL_FILE_CODES.has(code) && !handlesRequests(fn) && finishesServerStart(facts, call, workspace)) {
    return ' Reported one level lower: it runs once, after this function started its server, though requests may already be waiting.';
  }
  return undefined;
}
