// The blocking-API catalogue: data, one table per language. Each entry names a call by its
// canonical dotted name (after import and alias resolution), the rule code it raises, what to use
// instead inside async code, and, as fields, when the call does not block after all (`q.get(block=
// False)`, `zlib.compress(b'...')`). The rules read those fields generically (../rules/blocking), so
// teaching Boundwise one more API is one more entry in a language's catalogue (python/catalogue.ts,
// js/catalogue.ts), never a rule edit. This file holds the shape they share.
import type { FixKind } from './types';

/** A test of a call's arguments as written (the source text of each argument). */
export interface ArgCondition {
  /** The argument at this position, keywords and `*args`/`**kwargs` not counted. */
  arg?: number;
  /** The keyword argument of this name (`block=False`); with `arg`, the parameter given either way
   * (`maxsize=10` or `Queue(10)`). */
  keyword?: string;
  /** Any argument. */
  anyArg?: true;
  /** What the argument's text (a keyword argument's: its value) matches; absent: given at all. */
  value?: RegExp;
  /** ...and none of these holds. */
  unless?: ArgCondition[];
}

/** When a call waits only for an object another thread can hold: not for one that one of `madeBy`
 * made (`threading.Lock()`: free at its first acquire; `queue.Queue()` without a maxsize: never full). */
export interface SharedObjectWait {
  /** Canonical names of the calls that make an object this call cannot wait on. */
  madeBy: string[];
  /** Only when the object was made in the function that calls (no other thread can have it yet). */
  inSameFunction?: boolean;
  /** ...unless the call that made it was given this argument (a queue's `maxsize`). */
  unlessMadeWith?: ArgCondition;
}

export interface BlockingApi {
  /** Canonical name, e.g. `time.sleep`, `fs.readFileSync`. */
  name: string;
  code: string;
  /** What to write instead, shown in the message and the hover. */
  instead: string;
  /** The call blocks nobody when one of these holds: it is told not to wait (`q.get(block=False)`,
   * `lock.acquire(False)`, `os.waitpid(pid, os.WNOHANG)`) or has no slow work to do
   * (`getaddrinfo(..., flags=AI_NUMERICHOST)`, `zlib.compress(b'...')`). */
  doesNotBlockWhen?: ArgCondition[];
  /** The call blocks only when this holds (`os.spawnl(os.P_WAIT, ...)` waits for the child). */
  blocksOnlyWhen?: ArgCondition;
  /** The call waits only for an object shared with other threads. */
  waitsOnlyWhenShared?: SharedObjectWait;
  /** The call moves no data when this holds (an empty write: `f.write('')`, `fs.writeFileSync(p,
   * '')`): it creates or empties the file at most, a metadata change, so it counts as a
   * file-system query (BW109) rather than file I/O. */
  movesNoDataWhen?: ArgCondition;
  /** The module whose first use loads data from disk (`mimetypes`): used at a module's top level,
   * it is loaded when async code calls it. */
  loadedByModuleLevelUseOf?: string;
  /** The call costs what the size of the data it reads, writes or transforms costs, which the code
   * does not say: one local file's data (`f.read()`, `fs.writeFileSync`: a small settings or cache
   * file takes microseconds on a local disk), compression (`zlib.compress`). Not a flush to the
   * disk (`fsync`) or a key derivation: those take long whatever the size. A chain through helpers
   * with nothing stronger than these is partial evidence (BW110). */
  costIsDataSize?: true;
  /** The quick fix a finding on this call offers, when it is not the language's usual one
   * (`time.sleep` -> `asyncio.sleep`). */
  fix?: FixKind;
}

/** Library calls that compute and never wait: a loop made of these and arithmetic is CPU work. */
export interface ComputeCalls {
  /** Builtins by name (`len`), called as `builtins.<name>`. */
  builtins: ReadonlySet<string>;
  /** Canonical names of modules whose functions compute (`math.`, `itertools.`). */
  modules: RegExp;
  /** Common methods of values of unknown type (`xs.append`, `s.split`). */
  methods: ReadonlySet<string>;
}

/** One language's catalogue: its blocking entries, how a name is looked up, and the other library
 * calls the rules need to know by name. */
export interface Catalogue {
  entries: ReadonlyMap<string, BlockingApi>;
  /** The entry for a canonical call name (a language may also look through supertypes). */
  lookup(target: string): BlockingApi | undefined;
  compute: ComputeCalls;
  /** Async APIs whose request goes to a target their arguments name (a URL, a path, a host): BW302. */
  asyncRequests: ReadonlySet<string>;
  /** Canonical names of the calls that start a server (../rules/startUp). */
  servingCalls: readonly RegExp[];
  /** What to do instead of a call the user listed in `extraBlockingCalls`, for its message. */
  offloadConfigured: string;
}

/** A catalogue from its entries; `fallback` looks up names the entries do not list. */
export function makeCatalogue(
  entries: BlockingApi[],
  rest: Omit<Catalogue, 'entries' | 'lookup'>,
  fallback?: (target: string) => BlockingApi | undefined,
): Catalogue {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return { entries: byName, lookup: (target) => byName.get(target) ?? fallback?.(target), ...rest };
}
