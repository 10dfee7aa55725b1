// The shared model of the analysis: positions, findings, and the facts that the language
// front ends extract and the rules read. Nothing here parses or formats.

/** Zero-based line and UTF-16 column, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

const isPosition = (p: unknown) => Number.isInteger((p as Partial<Position>)?.line) && Number.isInteger((p as Partial<Position>)?.character) && (p as Position).line >= 0 && (p as Position).character >= 0;

/** Whether `r`, from outside the analyser (a client's message, a cache file), has the shape of a Range. */
export const isRange = (r: unknown): r is Range => isPosition((r as Partial<Range>)?.start) && isPosition((r as Partial<Range>)?.end);

export type Language = 'python' | 'javascript' | 'typescript';

export type Family = 'BLOCKING' | 'CPU-LOOP' | 'SEQ-AWAIT' | 'THREAD-CPU' | 'PROC-IO';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file (or the same one) that explains a finding, e.g. the blocking call a helper reaches. */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  family: Family;
  severity: Severity;
  /** Plain text, fix first: the Problems panel, terminals and SARIF `message.text` show it as is. */
  message: string;
  /** The same message with Markdown code spans, for surfaces that render Markdown (the hover). */
  messageMarkdown?: string;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  /** Facts a quick fix or hover needs (the call's resolved name, the fix kind, ...). */
  data?: FindingData;
  /** The shape is the rule's, but the evidence that it matters is incomplete (a callable passed
   * in, data of unknown size): reported one severity level below the rule's. */
  partialEvidence?: boolean;
}

export interface FindingData {
  /** Canonical name of the call, e.g. `time.sleep`, `fs.readFileSync`. */
  target?: string;
  /** What the call was written as, e.g. `t.sleep`. */
  calleeText?: string;
  /** What a quick fix rewrites this finding into (see server/lsp/codeActions.ts). */
  fix?: FixKind;
  /** BW110: the calls from the helper down to the blocking call, for the hover. */
  chain?: RelatedLocation[];
  /** BW110: the blocking call the chain ends in. */
  blockingTarget?: string;
}

/** The quick fixes a finding offers besides the suppression comment. */
export type FixKind = 'async-sleep' | 'to-thread' | 'periodic-yield' | 'gather' | 'async-api';

// ---- facts -------------------------------------------------------------------------------

/** A function, method, lambda or arrow. */
export interface FunctionFact {
  id: number;
  /** The name as written, or `<lambda>` / `<arrow>` / `<function>` (messages never show those:
   * see `describeFunction`). */
  name: string;
  /** The route the code registers it for (`GET /invoices/:id`), when it is a route handler. */
  route?: string;
  isAsync: boolean;
  /** True when this function runs on the event loop while other work waits: an async function,
   * or (Node) a request/event handler. Findings of the BLOCKING family are raised only here. */
  runsOnEventLoop: boolean;
  range: Range;
  nameRange: Range;
  /** The enclosing function, if nested. */
  parentId?: number;
  /** Name unique in its file, as other files see it: `fetch`, `Client.fetch` (methods through
   * their class), `outer.<locals>.inner`. Used by the workspace call graph (BW110, BW301, BW303). */
  qualifiedName?: string;
  /** Calling it does not run its body (Python generator, JS generator): never blocks its caller. */
  isGenerator?: boolean;
  /** Calls itself (directly): counts as heavy computation for BW301. */
  recursive?: boolean;
  /** The program's entry coroutine: passed to `asyncio.run` (and alike) or, in Node, called at the
   * module's top level. Until it first suspends nothing else runs on its loop (see CallFact
   * `beforeSuspension`), so a blocking call there blocks nobody. */
  entry?: boolean;
  /** Test code (a test of a test runner, or a function inside one): blocking there slows the test,
   * not a service. */
  test?: boolean;
  /** Memoised by a decorator (`functools.cache`, `lru_cache`): its body runs once per arguments. */
  cached?: boolean;
  /** Parameter names in order (`self` included; `*args`/`...rest` without the stars or dots), so
   * a caller's arguments can be followed into the body (BW302). */
  params?: string[];
  /** Registered to run at start-up or shutdown: `atexit.register(f)`, a SIGINT/SIGTERM handler
   * (`signal.signal`, `loop.add_signal_handler`, `process.on('SIGTERM', f)`), `process.on('exit')`,
   * aiohttp's `app.on_startup/on_shutdown/on_cleanup.append(f)`, Starlette's `on_startup=[f]`,
   * `@app.on_event("startup")`. */
  lifecycleHook?: boolean;
  /** The body's last statement replaces or ends the process (`os.execv(...)`, `sys.exit(...)`,
   * `process.exit(...)`): what the function does before it, outside loops, runs once per process,
   * as its last work. */
  endsProcess?: boolean;
  /** Parameters that are falsy when a call leaves them out: a default of `False`/`None`/`0`/`''`
   * (`false`, `null`, `undefined`, ...), and in JS/TS any parameter without a default. */
  falsyWhenOmitted?: string[];
}

/** A call expression. */
export interface CallFact {
  /** Canonical resolved name (`time.sleep`), or undefined when the callee is not a known import. */
  target?: string;
  /** The callee as written (`t.sleep`, `nap`). */
  calleeText: string;
  range: Range;
  calleeRange: Range;
  /** The innermost enclosing function; undefined at module level. */
  functionId?: number;
  awaited: boolean;
  /** When the callee may be a function of the workspace: where to look it up (BW110). */
  callee?: WorkspaceRef;
  /** The innermost enclosing loop of the same function (index into SourceFacts.loops). */
  loopId?: number;
  /** Source text of the positional arguments, and of keyword arguments as `name=value` (quick fixes). */
  args?: string[];
  /** Range of the argument list, parentheses included. */
  argsRange?: Range;
  /** For a method call on an object made in this file (`fh.read()` after `fh = open(p)`): the
   * call that made the object. A blocking constructor already flagged covers its methods. */
  receiverOrigin?: Range;
  /** The call sits in a `try` that catches `BlockingIOError` (or ssl's want-read/write): made on a
   * non-blocking descriptor, it does not wait (Python). */
  nonBlocking?: boolean;
  /** Made before its function first suspends (an `await`, `async for`/`with`, a `yield`), and not
   * in a loop that suspends. */
  beforeSuspension?: boolean;
  /** Runs once per process or per path: in the body of an `if` that fills a cache it tests
   * (`if X is None: X = ...`, `if k not in cache:`), or that creates the path it finds missing
   * (`if not os.path.exists(p): os.mkdir(p)`). */
  once?: boolean;
  /** Cheap as written although the catalogue lists it: its file is a kernel pseudo-file (`/proc`,
   * `/sys`) or one of the program's own (a path made of the module's folder and literals), it
   * works on an object in memory (`tarfile.open(fileobj=...)`), or it asks for a small constant
   * amount (`crypto.randomBytes(16)`). */
  cheap?: boolean;
  /** A wait the code just polled for (`while q.empty(): await ...` then `q.get()`), or the result
   * of a future that has finished (`if fut.done():`, or after receiving what its task sends last):
   * it returns at once. */
  ready?: boolean;
  /** A parameter of the call's function that must be truthy for the call to run: the call is in
   * the body of an `if` whose test has the parameter as a conjunct (`if (mkdir && ...)`), or in
   * such a test after it. A caller that passes nothing (falsy by default) or a literal falsy value
   * for it does not reach the call. */
  guardedBy?: string;
  /** Functions of this file the call registers as start-up or shutdown hooks (FunctionFact
   * `lifecycleHook`), by qualified name (Python). */
  registersHooks?: string[];
  /** Library functions that start a server, passed to this call by reference to be run by it
   * (`nursery.start_soon(trio.serve_tcp, handler, port)`, `partial(trio.serve_listeners, ...)`),
   * by canonical name (Python). */
  passesServing?: string[];
  /** `asyncio.run(main())`, `trio.run(main)`, or in Node a call at the module's top level before
   * any other top-level `await`: the coroutine function this call runs as the program's entry. */
  runs?: WorkspaceRef;
}

/** A reference to a function that may be defined in the workspace. `module` is the import
 * specifier as written (`helpers`, `.helpers`, `./helpers.js`); absent means the same file.
 * `name` is the qualified name inside that module (`fetch`, `Client.fetch`). Each language
 * resolves `module` to a file with its hook in server/analysis/workspace/resolve.ts. */
export interface WorkspaceRef {
  module?: string;
  name: string;
}

/** A loop statement (or comprehension) inside a function. */
export interface LoopFact {
  id: number;
  functionId?: number;
  /** The enclosing loop in the same function. */
  parentLoopId?: number;
  kind: 'for' | 'while' | 'async-for' | 'comprehension';
  range: Range;
  /** The loop's first line (`for x in xs:`), where BW201 points. */
  headerRange: Range;
  /** How long it can run: `unbounded` (`while True`), `clock` (busy-wait on a clock), `large`
   * (constant bound >= 10,000), `counted` (a `range(n)`-style count with a non-constant n),
   * `collection` (iterates a collection or a non-constant condition), `small` (small constant). */
  bound: 'unbounded' | 'clock' | 'large' | 'counted' | 'collection' | 'small';
  /** A `counted` loop whose count is a name imported from another module (`range(RETRIES)`
   * after `from .settings import RETRIES`): the workspace knows whether that is a constant. */
  countRef?: WorkspaceRef;
  /** An `await` (or `async for`/`async with`) runs in every iteration of the body (nested loops included). */
  awaits: boolean;
  /** The body contains `break` or `return` (iterations are not independent: BW302 skips it). */
  exits: boolean;
  /** Names assigned in the body, excluding the loop variables (loop-carried state). */
  assigned: string[];
  /** Names the loop binds on each iteration (`for i, x in ...`, comprehension targets). */
  targets?: string[];
  /** Names a top-level statement of the body binds once per iteration from the loop variables
   * (`url = base + x`), with where that statement ends: read after it, they are this
   * iteration's values, not loop-carried state (BW302). `fromAwait`: the value is what an await
   * returned (`resp = await get(url)`), a result rather than a part of the item. */
  derived?: Array<{ name: string; at: Position; fromAwait?: boolean }>;
  /** A `while` loop inside a `try` body with `except` (or `with assertRaises`/`suppress`) of its
   * own function: an exception is expected to end it (BW201). */
  endsByException?: boolean;
  /** Iterates `itertools.groupby`: each group is read from the shared iterator and is gone once
   * the loop moves on, so the iterations' awaits cannot be started together (BW302). */
  itemsExpire?: boolean;
  /** A `counted` loop that walks a collection by index (`range(len(xs))`, `i < xs.length`): a
   * single pass over it, like `for x in xs` (BW201). The names the collection expression reads. */
  passOver?: string[];
  /** For a loop over a collection (or an index pass, or a `while` on a condition): the names its
   * iterable (condition) reads. An inner loop whose iterable reads the outer loop's item walks a
   * part of that item: the nest is one pass over the data, not a product (BW201). */
  iterableReads?: string[];
  /** The iterable imposes an order the code relies on or already runs concurrently: `sorted`,
   * `reversed` (`.sort()`, `.reverse()`), or `as_completed` (BW302). */
  order?: 'sorted' | 'completion';
  /** Some path through the body reaches the next iteration without an `await` or `yield` (a
   * conditional await is not a yield; an `if i % N == 0:` one is periodic and counts). */
  spins?: boolean;
  /** The body consumes a collection it tests to end: it rebinds a name to a slice of itself
   * (`data = data[n:]`) or pops from it. An unbounded loop doing so is one pass over it (BW201). */
  consumes?: boolean;
  /** The body computes a variable that outlives the iteration from its own value (`h = (h * 31 +
   * b[i]) | 0`, `sum += b[i]`, `n++`): a fold of the data into one value, a checksum or sum
   * kernel. Storing into a structure by key (`out[k] = v`) is not one (BW201). */
  accumulates?: boolean;
  /** A `catch`/`except` in the body renames or deletes the file of the item (`fs.renameSync(path,
   * ...)`, `os.remove(path)`, `path.unlink()`): the loop works through files in turn and sets
   * aside each one that fails, an order the code relies on (BW302). */
  setsAsideFailures?: boolean;
}

/** A constant loop count at or above this is long enough to matter on the event loop (`large`). */
export const LARGE_BOUND = 10_000;

/** Loops nested deeper than this in one function get no LoopFact of their own: their code counts
 * as part of the loop around them. Describing a loop scans its body, so a nest thousands deep
 * (generated or hostile code) would cost the square of its depth; hand-written code nests a few. */
export const MAX_LOOP_NESTING = 64;

/** Functions and classes nested deeper than this are not named by the path of those around them
 * (`outer.<locals>.inner`), which would take the square of the nesting in memory on a nest
 * thousands deep; other files cannot call them by name. Hand-written code nests a few. */
export const MAX_NAMED_NESTING = 64;

/** An `await` expression, or (Python) an `async with` item that enters a call's result
 * (`async with session.get(url) as resp:` awaits the request). */
export interface AwaitFact {
  range: Range;
  functionId?: number;
  /** The innermost enclosing loop of the same function. */
  loopId?: number;
  /** The awaited call, when it is a call (index into SourceFacts.calls). */
  callIndex?: number;
  /** Names the awaited expression reads. */
  reads: string[];
  /** An `async with` item rather than an `await` expression. */
  asyncWith?: boolean;
  /** Names read by the conditions that decide whether this await runs, inside its loop (`if`
   * tests, the left side of `and`/`&&`, a conditional expression's test): loop-carried state read
   * there makes the iterations depend on each other (BW302). */
  guardReads?: string[];
}

/** A function handed to a thread or a process (BW301, BW303): `pool.map(f, xs)`, `Thread(target=f)`. */
export interface HandoffFact {
  /** The call that hands the work over, where the finding points. */
  range: Range;
  functionId?: number;
  /** `thread`: ThreadPoolExecutor, threading.Thread, asyncio.to_thread, default executor; `process`: ProcessPoolExecutor, multiprocessing. */
  pool: 'thread' | 'process';
  /** How the handing call was written, e.g. `pool.map`. */
  via: string;
  /** The function handed over: a workspace reference, or a lambda/nested def of this file. */
  work?: WorkspaceRef;
  workFunctionId?: number;
}

export interface SourceFacts {
  file: string;
  language: Language;
  functions: FunctionFact[];
  calls: CallFact[];
  /** Zero-based line -> codes silenced there (empty set: every code). */
  suppressions: Map<number, Set<string>>;
  /** Ranges the parser could not make sense of (syntax errors). */
  syntaxErrors: Range[];
  // The fields below are optional so a front end can add them one at a time; rules treat a
  // missing list as empty.
  loops?: LoopFact[];
  awaits?: AwaitFact[];
  handoffs?: HandoffFact[];
  /** Module-level names bound once to an integer constant (`RETRIES = 3`), for loop counts
   * other modules import. */
  constants?: Record<string, number>;
  /** Module-level names bound by imports (`name` -> where it comes from), for re-exports. */
  reexports?: Record<string, WorkspaceRef>;
  /** Module-level classes and their base classes as written (method lookup through `self`). */
  classes?: Record<string, WorkspaceRef[]>;
  /** Module-level imports as written, for the dependency graph of the workspace index (Python: for
   * `from pkg import name`, `pkg.name` too, in case it names a module). */
  importedModules?: string[];
  /** Module-level functions and classes whose code was not analysed (`boundwise lint` leaves out
   * the definitions that cannot hold a finding); the workspace index reads the whole file when a
   * reference reaches one of them. */
  deferredNames?: string[];
  /** Python: the async library the module is written for when it is not asyncio (advice and
   * quick fixes are said in it). */
  asyncFramework?: 'trio' | 'anyio';
}

/** A text replacement in the analysed file (LSP shape: zero-based, UTF-16). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix: the edits that rewrite the code, or silence the finding. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix that removes the finding (as opposed to silencing it). */
  isPreferred?: boolean;
}
