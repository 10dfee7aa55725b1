// Lints a set of files as one workspace: the engine behind `boundwise lint` and the corpus tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeOptions, projectConfigFor } from './config';
import { extractFacts, extractFactsOfFindingParts, initAnalysis, languageOfFile, mayHoldFindings, runRules, type AnalysisOptions } from './engine';
import { contentHash, type FactsCache } from './factsCache';
import { SourceSyntaxError, SourceTooDeepError } from './frontEndErrors';
import { languageSupport } from './languages';
import type { Finding, Language, SourceFacts } from './types';
import { WorkspaceIndex } from './workspace/index';
import { MAX_SOURCE_BYTES, readRegularFile, takeConfigProblems, type FileProblem } from '../files/readLimited';

export type { FileProblem } from '../files/readLimited';

export interface LintResult {
  findings: Finding[];
  problems: FileProblem[];
  /** Parses made in this run: files unchanged in the cache or never needed make none; a file read
   * again for a definition it left out makes two. */
  parsedFiles: number;
}

/** Why a text is not analysed, or undefined when it is fine to analyse. `maxChars`: the largest
 * text analysed (the language server analyses at every keystroke, so less than `lint`). */
export function reasonToSkip(text: string, maxChars = MAX_SOURCE_BYTES): string | undefined {
  if (text.includes('\0')) return 'it contains binary data';
  if (text.length > maxChars) return `it is larger than ${Math.round(maxChars / 100_000) / 10} MB`;
  return undefined;
}

export type FileFactsResult = { file: string; facts: SourceFacts } | FileFactsProblem;

/** `notAnalysed`: the parser gave up on nesting deeper than this thread's stack allows. */
type FileFactsProblem = { file: string; problem: string; unreadable?: boolean; notAnalysed?: boolean };

interface Source {
  file: string;
  language: Language;
  text: string;
}

/** What a file's facts depend on, for the cache: its text and, in JS/TS, its tsconfig `paths`. */
function factsKey({ file, text, language }: Source): string {
  return contentHash(languageSupport(language).cacheKeyText(file, text));
}

/** Reads a file to analyse (a regular file, up to the size limit), or says why it cannot be
 * analysed. */
function readSource(file: string): Source | FileProblem {
  const language = languageOfFile(file);
  if (!language) return { file, message: 'not a Python, JavaScript or TypeScript file; skipped.' };
  const read = readRegularFile(file, MAX_SOURCE_BYTES);
  if ('problem' in read) return { file, message: `${read.problem}.`, unreadable: read.unreadable };
  const skip = reasonToSkip(read.text);
  return skip ? { file, message: `skipped: ${skip}.` } : { file, language, text: read.text };
}

/** How much of a file to read: `whole`, or only the parts that can hold a finding (the workspace
 * index reads the rest when a chain reaches it; see extractFactsOfFindingParts). */
export type Extent = 'whole' | 'finding-parts';

/** Reads one file and extracts its facts, or says why it cannot. `keep`: see factsOfSource. */
export function extractFileFacts(file: string, extent: Extent = 'whole', keep?: readonly string[]): FileFactsResult {
  const source = readSource(file);
  return 'message' in source ? { file, problem: source.message, unreadable: source.unreadable } : factsOfSource(source, extent, keep);
}

/** For an index that reads files lazily: the facts of the parts of the file that can hold a
 * finding (or why it cannot be read), or undefined when no part can: such a file is read when a
 * chain first reaches it (WorkspaceIndex.addOnDemand). */
export function extractFindingPartsOrDefer(file: string): FileFactsResult | undefined {
  const source = readSource(file);
  if ('message' in source) return { file, problem: source.message, unreadable: source.unreadable };
  return mayHoldFindings(source.text, source.language) ? factsOfSource(source, 'finding-parts') : undefined;
}

/** `keep`: definitions (qualified names) to read besides the parts that can hold a finding. */
function factsOfSource({ file, text, language }: Source, extent: Extent, keep: readonly string[] = []): FileFactsResult {
  try {
    return { file, facts: extent === 'whole' ? extractFacts(file, text, language) : extractFactsOfFindingParts(file, text, language, keep) };
  } catch (error) {
    if (error instanceof SourceSyntaxError) return { file, problem: `syntax error at line ${error.range.start.line + 1}: ${error.message.split('\n')[0]}` };
    if (error instanceof SourceTooDeepError) return { file, problem: `not analysed: ${error.message}.`, notAnalysed: true };
    throw error;
  }
}

/** The problem of a file whose facts could not be extracted. */
function problemOf({ file, problem, unreadable, notAnalysed }: FileFactsProblem): FileProblem {
  return { file, message: problem, ...(unreadable ? { unreadable } : {}), ...(notAnalysed ? { notAnalysed } : {}) };
}

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_THRESHOLD = 64;
/** The stack of the threads that parse in workers. TypeScript's parser recurses once per level of
 * nesting: on a main thread's stack (about 1 MB) it gives up near 1,000 levels (500 `if` blocks);
 * with 64 MB it parses 20,000 nested `if` blocks and 50,000 levels of brackets or calls. Only the
 * stack a parse uses is ever committed. */
const PARSER_STACK_MB = 64;
/** A worker task: files up to this many characters together (big files alone). */
const TASK_CHARS = 256_000;

/** Facts of the files, in workers when there are many. `sizes`: characters per file, to share
 * the work evenly (biggest files first, tasks of similar size). */
async function extractAll(files: string[], sizes: Map<string, number>, extent: Extent): Promise<LintTaskResult> {
  const threads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 8);
  const worker = path.join(__dirname, 'lintWorker.js');
  const haveWorker = fs.existsSync(worker);
  if (files.length < PARALLEL_THRESHOLD || threads < 2 || !haveWorker) {
    await initAnalysis();
    const results = files.map((file) => extractFileFacts(file, extent));
    // What the parser refused on this thread's stack, again on a thread with a deep one.
    const tooDeep = results.filter((r) => 'notAnalysed' in r && r.notAnalysed).map((r) => r.file);
    if (!tooDeep.length || !haveWorker) return { results, configProblems: [] };
    const again = await extractInWorkers(worker, [tooDeep], 1, extent);
    const byFile = new Map(again.results.map((r) => [r.file, r]));
    return { results: results.map((r) => byFile.get(r.file) ?? r), configProblems: again.configProblems };
  }
  const tasks: string[][] = [];
  let chars = Infinity;
  for (const file of [...files].sort((a, b) => sizes.get(b)! - sizes.get(a)!)) {
    if (chars >= TASK_CHARS) {
      tasks.push([]);
      chars = 0;
    }
    tasks[tasks.length - 1].push(file);
    chars += sizes.get(file)!;
  }
  // This thread's parser loads meanwhile: files without async code may be parsed here on demand.
  const [results] = await Promise.all([extractInWorkers(worker, tasks, threads, extent), initAnalysis()]);
  return results;
}

/** Facts of the files of each task, in `threads` worker threads with a deep stack. */
async function extractInWorkers(worker: string, tasks: string[][], threads: number, extent: Extent): Promise<LintTaskResult> {
  // Imported here so the language server (which lints open files one at a time) never loads it.
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: worker, minThreads: threads, maxThreads: threads, idleTimeout: 1000, resourceLimits: { stackSizeMb: PARSER_STACK_MB } });
  try {
    const results = await Promise.all(tasks.map((t) => pool.run({ files: t, extent } satisfies LintTask) as Promise<LintTaskResult>));
    return { results: results.flatMap((r) => r.results), configProblems: results.flatMap((r) => r.configProblems) };
  } finally {
    await pool.destroy();
  }
}

/** A piscina task of ./lintWorker. */
export interface LintTask {
  files: string[];
  extent: Extent;
}

/** What a task returns: each file's facts or problem, and the configuration files (tsconfig.json
 * read for import aliases) the worker could not read. */
export interface LintTaskResult {
  results: FileFactsResult[];
  configProblems: FileProblem[];
}

export interface LintFilesOptions {
  /** Parse every file whole and up front, even the files and definitions that cannot hold a
   * finding of their own (the findings are the same; tests compare both ways). */
  parseEveryFile?: boolean;
  /** Facts of unchanged files from earlier runs; updated with this run's. */
  cache?: FactsCache;
  /** Other files of the workspace, for references to resolve into: each is read when a call
   * chain first reaches it, and none is reported on (`boundwise lint FILE` in its project). */
  context?: string[];
}

export async function lintFiles(files: string[], options: AnalysisOptions = {}, roots: string[] = [process.cwd()], { parseEveryFile = false, cache, context = [] }: LintFilesOptions = {}): Promise<LintResult> {
  const findings: Finding[] = [];
  const problems: FileProblem[] = [];
  const workspace = new WorkspaceIndex(roots);
  let parsed = 0;
  const analysed: SourceFacts[] = [];
  const add = (facts: SourceFacts) => {
    workspace.set(facts);
    analysed.push(facts);
  };
  // Phase 1: facts of every file that may hold a finding, from the cache when its text did not
  // change. The others join the workspace call graph on demand: such a file is read when a chain
  // from an async function first reaches it.
  /** Files to parse now, with their sizes; content hashes when there is a cache. */
  const sizes = new Map<string, number>();
  const hashes = new Map<string, string>();
  const linted = new Set(files);
  const onDemand: string[] = context.filter((file) => !linted.has(file));
  const extent: Extent = parseEveryFile ? 'whole' : 'finding-parts';
  for (const file of files) {
    const source = readSource(file);
    if ('message' in source) problems.push(source);
    else if (!parseEveryFile && !mayHoldFindings(source.text, source.language)) onDemand.push(file);
    else {
      const hash = cache && factsKey(source);
      const cached = hash && cache.get(file, hash);
      if (cached) add(cached);
      else {
        if (hash) hashes.set(file, hash);
        sizes.set(file, source.text.length);
      }
    }
  }
  const extracted = await extractAll([...sizes.keys()], sizes, extent);
  for (const result of extracted.results) {
    parsed++;
    if ('problem' in result) problems.push(problemOf(result));
    else {
      cache?.set(result.file, hashes.get(result.file)!, result.facts);
      add(result.facts);
    }
  }
  workspace.addOnDemand(onDemand, (file, keep) => {
    const source = readSource(file);
    if ('message' in source) {
      problems.push(source);
      return undefined;
    }
    const hash = cache ? factsKey(source) : '';
    const cached = cache?.get(file, hash);
    if (cached && (keep ? !cached.deferredNames?.some((name) => keep.includes(name)) : !cached.deferredNames)) return cached;
    parsed++;
    const result = factsOfSource(source, keep ? extent : 'whole', keep);
    if ('problem' in result) {
      problems.push(problemOf(result));
      return undefined;
    }
    cache?.set(file, hash, result.facts);
    return result.facts;
  });
  // Phase 2: rules, file by file in the order given, against the whole workspace.
  // Each file under its nearest project configuration, with the caller's options (CLI flags) on top.
  const order = new Map(files.map((file, i) => [file, i]));
  analysed.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  for (const facts of analysed) findings.push(...runRules(facts, mergeOptions(projectConfigFor(facts.file), options), workspace));
  // Configuration files that exist but could not be read (a FIFO, too large, no permission), once each.
  const configProblems = new Map([...extracted.configProblems, ...takeConfigProblems()].map((p) => [p.file, p]));
  problems.push(...configProblems.values());
  return { findings, problems, parsedFiles: parsed };
}
