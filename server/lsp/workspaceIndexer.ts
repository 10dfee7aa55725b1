// Builds the workspace call graph when the server starts, in the background, with `$/progress`:
// every Python/JS/TS file of the workspace folders is read and its facts indexed, a slice at a
// time so requests are served in between. Open documents replace their file's entry as they are
// analysed; a closed document goes back to its saved text.
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Connection } from 'vscode-languageserver/node';
import { collectFiles, type SkippedFolder } from '../files/collect';
import type { FileProblem } from '../files/readLimited';
import { initAnalysis } from '../analysis/engine';
import { extractFileFacts, extractFindingPartsOrDefer } from '../analysis/lintFiles';
import { lookupBlockingApi } from '../analysis/languages';
import { blockingApiOfCall } from '../analysis/rules/blocking';
import { requestFacts } from '../analysis/rules/requestEvidence';
import type { CallFact, FunctionFact, Range, SourceFacts, WorkspaceRef } from '../analysis/types';
import { onlyComputes, type WorkspaceIndex } from '../analysis/workspace/index';

const SLICE = 25;
const GC_EVERY_SLICES = 3;

/** Names the index keeps: one copy of the common ones (`builtins.len` is in thousands of calls),
 * and every one flat, so it does not keep alive the whole file text a parser's substring points
 * into. The table is bounded; rarer names are kept as flat copies of their own. */
const interned = new Map<string, string>();
const MAX_INTERNED = 50_000;
const flat = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));
function intern(s: string): string;
function intern(s: string | undefined): string | undefined;
function intern(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  let kept = interned.get(s);
  if (kept !== undefined) return kept;
  kept = flat(s);
  if (interned.size < MAX_INTERNED && s.length <= 64) interned.set(kept, kept);
  return kept;
}

const NO_NAMES: string[] = [];

function internRef(ref: WorkspaceRef | undefined): WorkspaceRef | undefined {
  if (!ref) return undefined;
  return ref.module === undefined ? { name: intern(ref.name) } : { module: intern(ref.module), name: intern(ref.name) };
}

/** A call as the index keeps it: four numbers for its range (three objects per range, times a
 * hundred thousand calls, were most of the index), the range made when asked. */
class CompactCall implements CallFact {
  readonly target?: string;
  readonly calleeText: string;
  readonly functionId?: number;
  readonly awaited: boolean;
  readonly callee?: WorkspaceRef;
  readonly loopId?: number;
  readonly args?: string[];
  readonly nonBlocking?: boolean;
  readonly cheap?: boolean;
  readonly once?: boolean;
  readonly guardedBy?: string;
  readonly passesServing?: string[];
  readonly ready?: boolean;
  readonly runs?: WorkspaceRef;
  private readonly startLine: number;
  private readonly startCharacter: number;
  private readonly endLine: number;
  private readonly endCharacter: number;

  constructor(c: CallFact, language: SourceFacts['language'], facts: SourceFacts, keepArgs: boolean) {
    this.target = intern(c.target);
    this.calleeText = intern(c.calleeText);
    this.functionId = c.functionId;
    this.awaited = c.awaited;
    this.callee = internRef(c.callee);
    this.loopId = c.loopId;
    // Arguments decide whether a catalogue call blocks (a literal to compress, numeric-only DNS),
    // and where a caller's item goes (BW302: requestFacts).
    this.args = keepArgs ? c.args?.map((a) => intern(a)) : undefined;
    // What decides from the rest of the file that a call does not wait (`q.put(x)` on a queue made
    // without maxsize) is decided here, while the file's facts are whole.
    this.nonBlocking = c.nonBlocking || (this.args !== undefined && !!blockingApiOfCall(c, language) && !blockingApiOfCall(c, language, undefined, facts)) || undefined;
    // What the code around a catalogue call says of its cost (a memo guard, a pseudo-file).
    this.cheap = c.cheap;
    this.once = c.once;
    this.ready = c.ready;
    // A call that runs only when a parameter is truthy: a caller's falsy argument skips it.
    this.guardedBy = intern(c.guardedBy);
    // A call given a serving function starts a server (../analysis/rules/startUp).
    this.passesServing = c.passesServing;
    // A call that runs another module's function as the program's entry (WorkspaceIndex.isEntryElsewhere).
    this.runs = internRef(c.runs);
    this.startLine = c.range.start.line;
    this.startCharacter = c.range.start.character;
    this.endLine = c.range.end.line;
    this.endCharacter = c.range.end.character;
  }

  get range(): Range {
    return { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } };
  }

  get calleeRange(): Range {
    return this.range;
  }
}

class CompactFunction implements FunctionFact {
  readonly id: number;
  readonly name: string;
  readonly isAsync: boolean;
  readonly runsOnEventLoop: boolean;
  readonly parentId?: number;
  readonly qualifiedName?: string;
  readonly isGenerator?: boolean;
  readonly cached?: boolean;
  readonly test?: boolean;
  readonly entry?: boolean;
  readonly params?: string[];
  readonly falsyWhenOmitted?: string[];
  readonly endsProcess?: boolean;
  recursive?: boolean;
  private readonly startLine: number;
  private readonly startCharacter: number;
  private readonly endLine: number;
  private readonly endCharacter: number;

  constructor(f: FunctionFact) {
    this.id = f.id;
    this.name = intern(f.name);
    this.isAsync = f.isAsync;
    this.runsOnEventLoop = f.runsOnEventLoop;
    this.parentId = f.parentId;
    this.qualifiedName = intern(f.qualifiedName);
    this.isGenerator = f.isGenerator;
    this.cached = f.cached;
    this.test = f.test;
    this.entry = f.entry;
    this.params = f.params?.map((p) => intern(p));
    this.endsProcess = f.endsProcess;
    this.falsyWhenOmitted = f.falsyWhenOmitted?.length ? f.falsyWhenOmitted.map((p) => intern(p)) : undefined;
    this.recursive = f.recursive;
    this.startLine = f.range.start.line;
    this.startCharacter = f.range.start.character;
    this.endLine = f.range.end.line;
    this.endCharacter = f.range.end.character;
  }

  get range(): Range {
    return { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } };
  }

  get nameRange(): Range {
    return this.range;
  }
}

/** The first call of a function (and loop) with this target, callee and way of calling: the call
 * graph walks a function's calls in order and stops at the first that blocks or reaches a blocking
 * call, and asks whether all of them compute, so a later call just like an earlier one changes
 * nothing. */
function firstOfItsKind(c: CallFact, seen: Set<string>, keepArgs: boolean): boolean {
  const dot = c.calleeText.lastIndexOf('.');
  const args = keepArgs ? JSON.stringify(c.args ?? []) : '';
  const key = [c.functionId, c.loopId ?? '', c.awaited ? 1 : 0, c.nonBlocking ? 1 : 0, c.cheap || c.once || c.ready ? 1 : 0, c.guardedBy ?? '', c.target ?? '', c.callee?.module ?? '', c.callee?.name ?? '', c.target === undefined ? c.calleeText.slice(dot + 1) : '', args].join('\0');
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** What the index keeps of a file nobody has open: what the call graph reads (calls inside
 * functions with where they go and whether they block; functions and their parameters; loops'
 * kinds and bounds; imports and classes) and what BW302 reads of a helper (its requests, pauses
 * and gathers, with the arguments that carry a parameter), with one range per call and names
 * shared across files. Other files' findings never read their ranges' details, quick-fix data,
 * or per-statement facts. */
export function compactFacts(facts: SourceFacts): SourceFacts {
  const seen = new Set<string>();
  const kept: Array<{ call: CallFact; args: boolean }> = [];
  for (const c of facts.calls) {
    if (c.functionId === undefined) {
      if (c.runs?.module) kept.push({ call: c, args: false });
      continue;
    }
    const forRequests = requestFacts(c, facts.language, facts.functions[c.functionId].params ?? []);
    const args = (c.target !== undefined && !!lookupBlockingApi(facts.language, c.target)) || forRequests.args;
    const graph = (c.callee !== undefined || c.target !== undefined) && !onlyComputes(c, facts.language);
    if ((graph || forRequests.call) && firstOfItsKind(c, seen, args)) kept.push({ call: c, args });
  }
  return {
    ...facts,
    file: intern(facts.file),
    functions: facts.functions.map((f) => new CompactFunction(f)),
    // A fixed shape per call (a field the call graph starts to read must be added here).
    calls: kept.map(({ call, args }) => new CompactCall(call, facts.language, facts, args)),
    awaits: [],
    handoffs: [],
    // Loops: their kinds and bounds (whether they compute for long); names they read or write
    // matter only to the file's own rules.
    loops: facts.loops?.map((l) => ({ ...l, headerRange: l.range, assigned: NO_NAMES, targets: undefined, derived: undefined, iterableReads: undefined, passOver: undefined })),
    suppressions: new Map(),
    importedModules: facts.importedModules?.map((m) => intern(m)),
    reexports: facts.reexports && Object.fromEntries(Object.entries(facts.reexports).map(([name, ref]) => [intern(name), internRef(ref)!])),
    classes: facts.classes && Object.fromEntries(Object.entries(facts.classes).map(([name, bases]) => [intern(name), bases.map((b) => internRef(b)!)])),
    syntaxErrors: [],
  };
}

export async function indexWorkspace(
  connection: Connection,
  workspace: WorkspaceIndex,
  roots: string[],
  isOpen: (file: string) => boolean,
  onDone: () => void,
): Promise<void> {
  const existing = roots.filter((r) => fs.existsSync(r));
  if (existing.length === 0) return;
  await initAnalysis();
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Boundwise: indexing the workspace', 0, 'listing files', false);
  let files: string[] = [];
  const problems: FileProblem[] = [];
  try {
    const collected = collectFiles(existing);
    files = collected.files;
    problems.push(...collected.problems);
    reportSkippedByDefault(connection, collected.skippedByDefault);
  } catch (error) {
    connection.console.error(`Boundwise could not list the workspace's files: ${(error as Error).message}`);
  }
  for (let i = 0; i < files.length; i += SLICE) {
    indexFiles(workspace, files.slice(i, i + SLICE).filter((file) => !isOpen(file) && !workspace.hasFile(file)), problems);
    progress?.report(Math.round(((i + SLICE) / files.length) * 100), `${Math.min(i + SLICE, files.length)} of ${files.length} files`);
    // Parsing makes garbage much faster than the index keeps facts: collected every few slices,
    // the heap stays near what the index keeps instead of growing to several times that.
    if ((i / SLICE) % GC_EVERY_SLICES === GC_EVERY_SLICES - 1) releaseMemory();
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress?.done();
  reportSkipped(connection, problems, 'indexed the workspace without');
  releaseMemory();
  onDone();
}

/** Reads `files` into the index (replacing nothing: the caller removes what they replace). Like
 * `boundwise lint`: a file without async code is read when a chain first reaches it, and of the
 * others only the parts that can hold a finding (the rest, too, when a chain reaches it). What
 * cannot be read or analysed goes to `problems`. */
export function indexFiles(workspace: WorkspaceIndex, files: readonly string[], problems: FileProblem[]): void {
  const deferred: string[] = [];
  for (const file of files) {
    try {
      const result = extractFindingPartsOrDefer(file);
      if (!result) deferred.push(file);
      else if ('facts' in result) workspace.set(compactFacts(result.facts));
      else problems.push({ file, message: result.problem });
    } catch (error) {
      // one file the analyser cannot read does not stop the index
      problems.push({ file, message: `could not be analysed: ${(error as Error).message}` });
    }
  }
  workspace.addOnDemand(deferred, readWhenReached);
}

/** At most this many skipped files are listed one by one in the log. */
const LISTED_PROBLEMS = 50;

/** Files the index could not read or analyse, in the log: none is left out without a word.
 * `what`: how the sentence goes on after "Boundwise" (`indexed the workspace without`). */
export function reportSkipped(connection: Connection, problems: FileProblem[], what: string): void {
  if (problems.length === 0) return;
  connection.console.warn(`Boundwise ${what} ${plural(problems.length, 'file')}:\n${listed(problems.map((p) => `${p.file}: ${p.message}`))}`);
}

/** The folders the index skipped by default, in the log: none is left out without a word. */
function reportSkippedByDefault(connection: Connection, skipped: SkippedFolder[]): void {
  if (skipped.length === 0) return;
  const lines = skipped.map((s) => `${s.folder} (${s.files === undefined ? 'dependencies' : plural(s.files, 'file')})`);
  connection.console.info(`Boundwise did not index ${plural(skipped.length, 'folder')} skipped by default (set exclude in the project configuration to index them):\n${listed(lines)}`);
}

/** `n` and the word, with an s unless n is 1: "3 files". */
export const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** One indented line each, the first LISTED_PROBLEMS of them. */
function listed(lines: string[]): string {
  const shown = lines.slice(0, LISTED_PROBLEMS).map((l) => `  ${l}`);
  if (lines.length > LISTED_PROBLEMS) shown.push(`  ... and ${lines.length - LISTED_PROBLEMS} more.`);
  return shown.join('\n');
}

/** A file a chain reached: with the definitions in `keep` (whole when `keep` is undefined). */
function readWhenReached(file: string, keep?: readonly string[]): SourceFacts | undefined {
  try {
    const result = extractFileFacts(file, keep ? 'finding-parts' : 'whole', keep);
    return 'facts' in result ? compactFacts(result.facts) : undefined;
  } catch {
    return undefined; // unreadable now: the chain stops there, as at a library call
  }
}

/** After indexing, most of what the heap grew to is garbage (trees copied, facts before they were
 * compacted): a full collection now lets V8 give those pages back, instead of the server sitting
 * on them until the next major GC. */
let fullGc: (() => void) | null | undefined;
function releaseMemory(): void {
  try {
    if (fullGc === undefined) {
      v8.setFlagsFromString('--expose-gc');
      fullGc = (vm.runInNewContext('gc') as (() => void) | undefined) ?? null;
    }
    fullGc?.();
  } catch {
    // not available: V8 collects on its own schedule
  }
}

/** A document was closed: its file goes back to the saved text (or leaves the index). */
export function restoreSavedFile(workspace: WorkspaceIndex, file: string): void {
  const result = fs.existsSync(file) ? extractFileFacts(file) : undefined;
  if (result && 'facts' in result) workspace.set(compactFacts(result.facts));
  else workspace.delete(file);
}
