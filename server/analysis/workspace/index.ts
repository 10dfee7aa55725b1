// The workspace call graph, language-neutral: the facts of every file, references resolved to
// functions through each language's hook (./resolve), and per function whether it reaches a
// blocking call (BW110, BW303) or heavy computation (BW201, BW301). Summaries are computed on
// demand and memoised until a file changes, so updating one file costs one re-extraction.
import * as path from 'node:path';
import type { BlockingApi } from '../catalogue';
import { catalogueOf } from '../languages';
import { blockingApiOfCall, FS_QUERY_CODE } from '../rules/blocking';
import { configuredCode } from '../rules/configuredCalls';
import type { CallFact, FunctionFact, Language, Range, SourceFacts, WorkspaceRef } from '../types';
import { resolverFor, type ResolverHost } from './resolve';

export interface FunctionLocation {
  facts: SourceFacts;
  fn: FunctionFact;
}

/** One call on the way from a function to a blocking call. */
export interface ChainStep {
  file: string;
  range: Range;
  /** The call as written (`helpers.download`). */
  callee: string;
  /** Resolved name of the last step's blocking call (`requests.get`). */
  target?: string;
}

/** How a function reaches a blocking call: the calls from it down to the catalogue call (the last step). */
export interface BlockingReach {
  code: string;
  target: string;
  steps: ChainStep[];
  /** The blocking call costs what its data's size costs (one file's data, compression), and
   * nothing on the way does more (`BlockingApi.costIsDataSize`): the size is not known here. */
  costIsDataSize?: true;
}

/** How strong a reason to block a reach is: a file-system query is the weakest, then reading or
 * writing one file's data, then anything else (a flush to the disk, a request, a subprocess). A
 * function's reach is its strongest one. */
function strengthOf(reach: BlockingReach): number {
  if (reach.code === FS_QUERY_CODE) return 0;
  return reach.costIsDataSize ? 1 : STRONGEST;
}
const STRONGEST = 2;

const MAX_DEPTH = 40;

/** Loop bounds that make a loop heavy computation when the body does not wait on anything. */
const HEAVY_BOUNDS = new Set(['counted', 'large']);

/** A call that only computes whatever the workspace and the configuration hold: a computing
 * builtin (`len(x)`) or a common method on a value of unknown type (`xs.append(x)`), not awaited
 * (the language's catalogue lists them). It neither blocks nor leads anywhere in the call graph,
 * and `isComputeCall` is true of it, so the index may leave it out of a file nobody has open. (A
 * configured extra blocking call naming a computing builtin such as `builtins.len` is not
 * honoured in such files.) */
export function onlyComputes(call: CallFact, language: Language): boolean {
  if (call.awaited || call.callee) return false;
  const compute = catalogueOf(language).compute;
  if (call.target) return call.target.startsWith('builtins.') && compute.builtins.has(call.target.slice('builtins.'.length));
  const dot = call.calleeText.lastIndexOf('.');
  return dot > 0 && compute.methods.has(call.calleeText.slice(dot + 1));
}

const FALSY_LITERAL = /^(False|None|0|''|""|false|null|undefined)$/;

/** The parameters of `fn` that `call` leaves falsy: given a falsy literal, or left out when the
 * parameter is falsy by default (`getFilePath(name)` for `getFilePath(name, mkBasePath = false)`).
 * Undefined when none, or when the arguments are not known (a spread, a compact caller). */
export function falsyParameters(fn: FunctionFact, call: CallFact): Set<string> | undefined {
  const params = fn.params;
  if (!params || !call.args) return undefined;
  // A method called through its object or class does not see `self` among the arguments.
  const offset = (params[0] === 'self' || params[0] === 'cls') && call.calleeText.includes('.') ? 1 : 0;
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  for (const arg of call.args) {
    if (/^(\*|\.\.\.)/.test(arg)) return undefined;
    // `name=value`: a Python keyword argument (as in ../rules/requestEvidence).
    const keyword = /^([A-Za-z_]\w*)\s*=(?!=)([\s\S]*)$/.exec(arg);
    if (keyword) keywords.set(keyword[1], keyword[2].trim());
    else positional.push(arg.trim());
  }
  const out = new Set<string>();
  params.forEach((param, i) => {
    if (i < offset) return;
    const given = keywords.get(param) ?? positional[i - offset];
    if (given === undefined ? fn.falsyWhenOmitted?.includes(param) : FALSY_LITERAL.test(given)) out.add(param);
  });
  return out.size ? out : undefined;
}

/** Reads a file's facts for the workspace index: at least its parts that can hold a finding and
 * the definitions named in `keep` (qualified: `helper`, `Client.fetch`); the whole file when
 * `keep` is undefined. */
/** Per facts, the imported functions its calls run as the program's entry (CallFact `runs`): the
 * index gathers them again after every change, but a file's facts are read once. */
const entryRefsByFacts = new WeakMap<SourceFacts, WorkspaceRef[]>();

function entryRefsOf(facts: SourceFacts): WorkspaceRef[] {
  let refs = entryRefsByFacts.get(facts);
  if (!refs) entryRefsByFacts.set(facts, (refs = facts.calls.flatMap((c) => (c.runs?.module ? [c.runs] : []))));
  return refs;
}

export type FactsLoader = (file: string, keep?: readonly string[]) => SourceFacts | undefined;

export class WorkspaceIndex implements ResolverHost {
  private readonly files = new Map<string, SourceFacts>();
  private readonly byName = new Map<string, Map<string, FunctionFact>>();
  /** Per facts (not per file: a file's partial facts stay in use after its whole facts replace
   * them), each function's calls, and what is known of each function. */
  private readonly callsByFunction = new WeakMap<SourceFacts, Map<number, CallFact[]>>();
  private reach = new WeakMap<SourceFacts, Map<number | string, BlockingReach | null>>();
  private heavy = new WeakMap<SourceFacts, Map<number, boolean>>();
  private readonly resolved = new Map<string, FunctionLocation | null>();
  /** The calls of each file that run an imported function as the program's entry, by the name
   * they import (see isEntryElsewhere). */
  private entries: Map<string, Array<{ file: string; ref: WorkspaceRef }>> | undefined;
  private extraBlocking = new Map<string, string>();
  /** Files known to be in the workspace whose facts are read on first use (see `addOnDemand`). */
  private readonly onDemand = new Set<string>();
  private load: FactsLoader = () => undefined;
  /** Files read again for a definition their first facts left out. */
  private readonly readAgain = new Set<string>();
  readonly roots: string[];

  constructor(roots: string[] = []) {
    this.roots = roots.map((r) => path.resolve(r));
  }

  /** Configured extra blocking calls (canonical name -> code); they count as blocking in chains. */
  setExtraBlockingCalls(extra: Map<string, string>): void {
    const same = extra.size === this.extraBlocking.size && [...extra].every(([k, v]) => this.extraBlocking.get(k) === v);
    if (same) return;
    this.extraBlocking = new Map(extra);
    this.invalidate();
  }

  hasFile(file: string): boolean {
    return this.files.has(file) || this.onDemand.has(file);
  }

  get(file: string): SourceFacts | undefined {
    return this.factsOf(file);
  }

  get size(): number {
    return this.files.size;
  }

  fileNames(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Adds or replaces a file's facts. */
  set(facts: SourceFacts): void {
    this.onDemand.delete(facts.file);
    this.readAgain.delete(facts.file);
    this.add(facts);
    this.invalidate();
  }

  /** Files of the workspace whose facts `load` gives when a resolution first reaches them (the CLI
   * parses files without async code only when a call chain leads into them). Loading one changes
   * no earlier answer: until then the file already counted as present. `load` also reads the
   * definitions a file's facts left out (`deferredNames`) when one of them is looked up. */
  addOnDemand(files: Iterable<string>, load: FactsLoader): void {
    let added = false;
    for (const file of files) {
      if (this.files.has(file) || this.onDemand.has(file)) continue;
      this.onDemand.add(file);
      added = true;
    }
    this.load = load;
    // A reference that found no file before may name this one now (a file created on disk).
    if (added) this.resolved.clear();
  }

  /** The files known in `folder` and below, read or to be read on demand. */
  filesUnder(folder: string): string[] {
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    return [...this.files.keys(), ...this.onDemand].filter((f) => f.startsWith(prefix));
  }

  private factsOf(file: string, keep: readonly string[] = []): SourceFacts | undefined {
    const facts = this.files.get(file);
    if (facts || !this.onDemand.delete(file)) return facts;
    const loaded = this.load(file, keep);
    if (loaded) this.add(loaded);
    return loaded;
  }

  /** The facts in which to look `name` up, read again when the facts held left its definition
   * out: with that definition the first time, whole after that (a file that many chains reach is
   * read twice, not once per definition). Nothing known changes: what was analysed before has
   * the same facts in the new ones. */
  private factsFor(file: string, name: string): SourceFacts | undefined {
    const facts = this.factsOf(file, [name.split('.')[0]]);
    const leftOut = facts && leftOutDefinition(facts, name);
    if (!facts?.deferredNames || !leftOut) return facts;
    const more = this.load(file, this.readAgain.has(file) ? undefined : [leftOut]);
    this.readAgain.add(file);
    // Unreadable now: what was analysed stands, the definition stays unknown.
    this.add(more && !more.deferredNames?.includes(leftOut) ? more : { ...facts, deferredNames: facts.deferredNames.filter((n) => n !== leftOut) });
    return this.files.get(file);
  }

  private add(facts: SourceFacts): void {
    this.files.set(facts.file, facts);
    this.entries = undefined;
    const names = new Map<string, FunctionFact>();
    const calls = new Map<number, CallFact[]>();
    for (const fn of facts.functions) if (fn.qualifiedName && !names.has(fn.qualifiedName)) names.set(fn.qualifiedName, fn);
    for (const call of facts.calls) {
      if (call.functionId === undefined) continue;
      let list = calls.get(call.functionId);
      if (!list) calls.set(call.functionId, (list = []));
      list.push(call);
    }
    this.byName.set(facts.file, names);
    this.callsByFunction.set(facts, calls);
  }

  delete(file: string): void {
    this.onDemand.delete(file);
    this.readAgain.delete(file);
    if (!this.files.delete(file)) return;
    this.byName.delete(file);
    this.invalidate();
  }

  private invalidate(): void {
    this.entries = undefined;
    this.reach = new WeakMap();
    this.heavy = new WeakMap();
    this.resolved.clear();
  }

  /** `fn` is the entry coroutine of a program whose entry file is another file of the workspace:
   * that file runs it on a loop of its own (`asyncio.run(main())` with `main` imported) or, in
   * Node, calls it at its top level (a bin script's `main()`). Until it first suspends nothing
   * else runs on its loop, as for an entry coroutine of its own file (FunctionFact `entry`). Files
   * the index reads only on demand (the CLI's files without async code) are not seen. */
  isEntryElsewhere(facts: SourceFacts, fn: FunctionFact): boolean {
    if (!fn.isAsync || !fn.qualifiedName) return false;
    if (!this.entries) {
      // The calls that run an imported function as an entry, by the name they import (resolved
      // only when a function of that name is asked about: most never are).
      const entries = new Map<string, Array<{ file: string; ref: WorkspaceRef }>>();
      for (const [file, other] of this.files) {
        for (const ref of entryRefsOf(other)) {
          const name = ref.name.slice(ref.name.lastIndexOf('.') + 1);
          entries.set(name, [...(entries.get(name) ?? []), { file, ref }]);
        }
      }
      this.entries = entries;
    }
    const name = fn.qualifiedName.slice(fn.qualifiedName.lastIndexOf('.') + 1);
    return (this.entries.get(name) ?? []).some(({ file, ref }) => {
      if (file === facts.file) return false;
      const found = this.resolve(file, ref);
      return found?.facts.file === facts.file && found.fn.id === fn.id;
    });
  }

  /** Files whose facts mention `file`'s module, directly or through other files: what to
   * re-check when `file` changes. */
  dependentsOf(file: string): string[] {
    return this.dependentsOfAny([file]);
  }

  /** Files whose facts mention the module of any of `changed`, directly or through other files
   * (not the files of `changed` themselves). Each file's imports are resolved once, however many
   * files changed (a branch switch changes hundreds). */
  dependentsOfAny(changed: Iterable<string>): string[] {
    const importers = new Map<string, string[]>();
    for (const [file, facts] of this.files) {
      for (const imported of this.importedFiles(facts)) {
        let list = importers.get(imported);
        if (!list) importers.set(imported, (list = []));
        list.push(file);
      }
    }
    const queue = [...changed];
    const given = new Set(queue);
    const dependents = new Set<string>();
    while (queue.length) {
      for (const importer of importers.get(queue.pop()!) ?? []) {
        if (dependents.has(importer) || given.has(importer)) continue;
        dependents.add(importer);
        queue.push(importer);
      }
    }
    return [...dependents];
  }

  /** The files of the workspace that `facts` imports. */
  private importedFiles(facts: SourceFacts): Set<string> {
    const resolve = resolverFor(facts.language);
    const out = new Set<string>();
    for (const module of facts.importedModules ?? []) for (const c of resolve(facts.file, { module, name: '' }, this)) if (c.file !== facts.file) out.add(c.file);
    return out;
  }

  /** What makes `call` block by itself: a blocking API of the catalogue or of extraBlockingCalls,
   * or a function of the workspace that extraBlockingCalls names (configuredCallee). */
  blockingApiOf(facts: SourceFacts, call: CallFact): BlockingApi | undefined {
    return blockingApiOfCall(call, facts.language, this.extraBlocking, facts) ?? this.configuredCallee(facts, call);
  }

  /** A call to a function of the workspace that `extraBlockingCalls` names, by its module path and
   * qualified name (`pkg.store.Store.save`, or the end of it: `Store.save`) or as the call names it
   * (`mylib.fetch_sync` for `from mylib import fetch_sync`); globs as ../rules/configuredCalls says. */
  configuredCallee(facts: SourceFacts, call: CallFact): BlockingApi | undefined {
    if (!this.extraBlocking.size || !call.callee || call.awaited) return undefined;
    const found = this.resolve(facts.file, call.callee);
    if (found?.fn.isAsync) return undefined;
    const full = found && `${this.modulePathOf(found.facts.file)}.${found.fn.qualifiedName ?? found.fn.name}`;
    const written = call.callee.module ? `${call.callee.module}.${call.callee.name}` : call.callee.name;
    const code = configuredCode(this.extraBlocking, [full, written]);
    return code ? { name: full ?? written, code, instead: '`await asyncio.to_thread(...)`' } : undefined;
  }

  /** A file's module path from its workspace root: `pkg/store.py` -> `pkg.store`, `lib/index.js` -> `lib`. */
  private modulePathOf(file: string): string {
    const root = this.roots.find((r) => file.startsWith(r + path.sep)) ?? path.dirname(file);
    const parts = path.relative(root, file).replace(/\.[^./\\]+$/, '').split(path.sep);
    if (parts.length > 1 && (parts[parts.length - 1] === '__init__' || parts[parts.length - 1] === 'index')) parts.pop();
    return parts.join('.');
  }

  /** The function a reference made in `fromFile` names, following re-exports, `Class()` to
   * `Class.__init__`, and methods inherited from workspace base classes. */
  resolve(fromFile: string, ref: WorkspaceRef): FunctionLocation | undefined {
    const key = `${fromFile}\0${ref.module ?? ''}\0${ref.name}`;
    const cached = this.resolved.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.resolved.set(key, null);
    const found = this.resolveUncached(fromFile, ref, 0);
    this.resolved.set(key, found ?? null);
    return found;
  }

  private resolveUncached(fromFile: string, ref: WorkspaceRef, depth: number): FunctionLocation | undefined {
    const facts = this.factsOf(fromFile);
    if (!facts || depth > 8) return undefined;
    for (const candidate of resolverFor(facts.language)(fromFile, ref, this)) {
      const found = this.lookupName(candidate.file, candidate.name, depth);
      if (found) return found;
    }
    return undefined;
  }

  private lookupName(file: string, name: string, depth: number): FunctionLocation | undefined {
    if (!name) return undefined;
    const facts = this.factsFor(file, name);
    const names = this.byName.get(file);
    if (!facts || !names) return undefined;
    const fn = names.get(name) ?? names.get(`${name}.__init__`);
    if (fn) return { facts, fn };
    const [head, ...rest] = name.split('.');
    const reexport = facts.reexports?.[head];
    if (reexport) {
      const joined = rest.length ? { module: reexport.module, name: [reexport.name, ...rest].filter(Boolean).join('.') } : reexport;
      const found = this.resolveUncached(file, joined, depth + 1);
      if (found) return found;
    }
    // A method inherited from a base class: `Class.method` -> `Base.method`.
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      const cls = name.slice(0, dot);
      const method = name.slice(dot + 1);
      for (const base of facts.classes?.[cls] ?? []) {
        const found = this.resolveUncached(file, { module: base.module, name: `${base.name}.${method}` }, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The integer a module-level name another file imports is bound to (`RETRIES = 3` in
   * settings.py, for `from settings import RETRIES`), following re-exports. */
  constantOf(fromFile: string, ref: WorkspaceRef, depth = 0): number | undefined {
    const facts = this.factsOf(fromFile);
    if (!facts || depth > 8) return undefined;
    for (const candidate of resolverFor(facts.language)(fromFile, ref, this)) {
      const target = this.factsOf(candidate.file);
      const value = target?.constants?.[candidate.name];
      if (value !== undefined) return value;
      const reexport = target?.reexports?.[candidate.name];
      const further = reexport && this.constantOf(candidate.file, reexport, depth + 1);
      if (further !== undefined) return further;
    }
    return undefined;
  }

  /** A call that only computes: a builtin or library function that never waits, a common method
   * of a value (`xs.append`), or a sync workspace function that reaches no blocking call. */
  isComputeCall(facts: SourceFacts, call: CallFact): boolean {
    if (call.awaited) return false;
    const callee = call.callee ? this.calledFunction(facts, call) : undefined;
    if (callee) return !this.blockingReach(callee.facts, callee.fn);
    const compute = catalogueOf(facts.language).compute;
    if (call.target) {
      if (call.target.startsWith('builtins.')) return compute.builtins.has(call.target.slice('builtins.'.length));
      return compute.modules.test(call.target) && !blockingApiOfCall(call, facts.language, this.extraBlocking, facts);
    }
    const method = call.calleeText.includes('.') ? call.calleeText.slice(call.calleeText.lastIndexOf('.') + 1) : undefined;
    return !!method && compute.methods.has(method);
  }

  /** Every call inside the loop (nested loops included) only computes. */
  loopOnlyComputes(facts: SourceFacts, loopId: number): boolean {
    const ids = new Set([loopId]);
    for (const l of facts.loops ?? []) if (l.parentLoopId !== undefined && ids.has(l.parentLoopId)) ids.add(l.id);
    return facts.calls.every((c) => c.loopId === undefined || !ids.has(c.loopId) || this.isComputeCall(facts, c));
  }

  callsOf(facts: SourceFacts, functionId: number): CallFact[] {
    return this.callsByFunction.get(facts)?.get(functionId) ?? [];
  }

  /** The sync function a call runs, when it is a workspace function whose body runs at the call
   * (not async, not a generator). */
  calledFunction(facts: SourceFacts, call: CallFact): FunctionLocation | undefined {
    if (!call.callee || call.awaited) return undefined;
    const found = this.resolve(facts.file, call.callee);
    if (!found || found.fn.isAsync || found.fn.isGenerator) return undefined;
    return found;
  }

  /** How `fn` reaches a blocking call, any depth, or undefined when it does not. `call`: the call
   * that runs it, whose falsy arguments skip the calls guarded by their parameters. */
  blockingReach(facts: SourceFacts, fn: FunctionFact, call?: CallFact): BlockingReach | undefined {
    return this.reachOf(facts, fn, 0, call && falsyParameters(fn, call));
  }

  private reachOf(facts: SourceFacts, fn: FunctionFact, depth: number, falsy?: ReadonlySet<string>): BlockingReach | undefined {
    const calls = this.callsOf(facts, fn.id);
    // Calls a falsy parameter skips (`if (mkdir && ...)` when the caller leaves `mkdir` out): the
    // answer for such call sites is memoised apart, by the parameters that skip something.
    const skipping = falsy && [...new Set(calls.filter((c) => c.guardedBy && falsy.has(c.guardedBy)).map((c) => c.guardedBy!))].sort();
    const key = skipping?.length ? `${fn.id}:${skipping.join(',')}` : fn.id;
    const known = perFacts(this.reach, facts);
    const cached = known.get(key);
    if (cached !== undefined) return cached ?? undefined;
    known.set(key, null); // cycles: a function in progress does not block through itself
    const result = this.reachThrough(facts, fn, depth, skipping?.length ? calls.filter((c) => !c.guardedBy || !skipping.includes(c.guardedBy)) : calls);
    known.set(key, result ?? null);
    return result;
  }

  private reachThrough(facts: SourceFacts, fn: FunctionFact, depth: number, all: CallFact[]): BlockingReach | undefined {
    // A memoised function (`@functools.cache`) does its blocking work once per arguments.
    if (depth > MAX_DEPTH || fn.cached) return undefined;
    // A function that ends the process (`restart()` ending in `os.execv`) does its work outside
    // loops once per process, as the process's last.
    const calls = fn.endsProcess ? all.filter((c) => c.loopId !== undefined) : all;
    // The strongest reason to block wins (see strengthOf); the first one of that strength.
    let result: BlockingReach | undefined;
    for (const call of calls) {
      const api = this.blockingApiOf(facts, call);
      if (!api) continue;
      const reach: BlockingReach = { code: api.code, target: api.name, steps: [{ file: facts.file, range: call.range, callee: call.calleeText, target: api.name }] };
      if (api.costIsDataSize && api.code !== FS_QUERY_CODE) reach.costIsDataSize = true;
      if (!result || strengthOf(reach) > strengthOf(result)) result = reach;
      if (strengthOf(result) === STRONGEST) break;
    }
    if (!result || strengthOf(result) < STRONGEST) {
      for (const call of calls) {
        // A call that runs once per process (a memo guard) does not make its caller block.
        const callee = call.once ? undefined : this.calledFunction(facts, call);
        if (!callee) continue;
        const sub = this.reachOf(callee.facts, callee.fn, depth + 1, falsyParameters(callee.fn, call));
        if (!sub) continue;
        const reach: BlockingReach = { ...sub, steps: [{ file: facts.file, range: call.range, callee: call.calleeText }, ...sub.steps] };
        if (!result || strengthOf(reach) > strengthOf(result)) result = reach;
        if (strengthOf(result) === STRONGEST) break;
      }
    }
    return result;
  }

  /** `fn` computes for long itself or calls a workspace function that does (whatever else it calls). */
  computesHeavily(facts: SourceFacts, fn: FunctionFact): boolean {
    if (this.isCpuHeavy(facts, fn)) return true;
    return this.callsOf(facts, fn.id).some((c) => {
      const callee = this.calledFunction(facts, c);
      return !!callee && this.isCpuHeavy(callee.facts, callee.fn);
    });
  }

  /** True when `fn` computes for long: a loop over a non-constant or large count, nested loops,
   * recursion, or a call to a workspace function that does (any depth), and no blocking call. */
  isCpuHeavy(facts: SourceFacts, fn: FunctionFact, depth = 0): boolean {
    const known = perFacts(this.heavy, facts);
    const cached = known.get(fn.id);
    if (cached !== undefined) return cached;
    known.set(fn.id, false);
    const calls = this.callsOf(facts, fn.id);
    let heavy =
      (!!fn.recursive && calls.every((c) => this.isComputeCall(facts, c) || c.callee?.name === fn.qualifiedName)) ||
      (facts.loops ?? []).some((l) => l.functionId === fn.id && !l.awaits && isHeavyLoop(facts, l.id) && this.loopOnlyComputes(facts, l.id));
    // Through a callee only when nothing else here may wait (an unknown call could be I/O).
    if (!heavy && depth < MAX_DEPTH && calls.every((c) => this.isComputeCall(facts, c))) {
      for (const call of calls) {
        const callee = this.calledFunction(facts, call);
        if (callee && this.isCpuHeavy(callee.facts, callee.fn, depth + 1)) {
          heavy = true;
          break;
        }
      }
    }
    known.set(fn.id, heavy);
    return heavy;
  }
}

/** The definition left out of `facts` that a lookup of `name` needs: `Client.fetch` is left out
 * with `Client`, or itself; `Client` (a call of the class) with its `__init__`. */
export function leftOutDefinition(facts: SourceFacts, name: string): string | undefined {
  return facts.deferredNames?.find((d) => d === name || name.startsWith(`${d}.`) || d === `${name}.__init__`);
}

/** The entries `memo` keeps for `facts`, by function id. */
function perFacts<K, T>(memo: WeakMap<SourceFacts, Map<K, T>>, facts: SourceFacts): Map<K, T> {
  let known = memo.get(facts);
  if (!known) memo.set(facts, (known = new Map()));
  return known;
}

/** A loop that computes for long on its own: a non-constant or large count, or a loop over a
 * collection with such a loop (or another collection loop) nested in it. */
export function isHeavyLoop(facts: SourceFacts, loopId: number): boolean {
  const loops = facts.loops ?? [];
  const loop = loops[loopId];
  if (loop.kind === 'async-for') return false;
  if (HEAVY_BOUNDS.has(loop.bound)) return true;
  if (loop.bound !== 'collection') return false;
  return loops.some((inner) => inner.parentLoopId === loopId && inner.kind !== 'async-for' && (HEAVY_BOUNDS.has(inner.bound) || inner.bound === 'collection') && inner.kind !== 'comprehension');
}
