// Lints a set of files as one workspace: the engine behind `boundwise lint` and the corpus tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeOptions, projectConfigFor } from './config';
import { extractFacts, initAnalysis, languageOfFile, runRules, type AnalysisOptions } from './engine';
import { JsSyntaxError } from './js/facts';
import type { Finding, SourceFacts } from './types';
import { WorkspaceIndex } from './workspace/index';

/** Files over this size are not analysed (generated code or data, not code someone types). */
export const MAX_ANALYZED_CHARS = 5_000_000;

/** Something about a file that is not a finding: unreadable, skipped, a syntax error. */
export interface FileProblem {
  file: string;
  message: string;
}

export interface LintResult {
  findings: Finding[];
  problems: FileProblem[];
}

/** Why a text is not analysed, or undefined when it is fine to analyse. */
export function reasonToSkip(text: string): string | undefined {
  if (text.includes('\0')) return 'it contains binary data';
  if (text.length > MAX_ANALYZED_CHARS) return `it is larger than ${MAX_ANALYZED_CHARS / 1_000_000} MB`;
  return undefined;
}

export type FileFactsResult = { file: string; facts: SourceFacts } | { file: string; problem: string };

/** Reads one file and extracts its facts, or says why it cannot. */
export function extractFileFacts(file: string): FileFactsResult {
  const language = languageOfFile(file);
  if (!language) return { file, problem: 'not a Python, JavaScript or TypeScript file; skipped.' };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { file, problem: `could not be read: ${(error as Error).message}` };
  }
  const skip = reasonToSkip(text);
  if (skip) return { file, problem: `skipped: ${skip}.` };
  try {
    return { file, facts: extractFacts(file, text, language) };
  } catch (error) {
    if (error instanceof JsSyntaxError) return { file, problem: `syntax error at line ${error.range.start.line + 1}: ${error.message.split('\n')[0]}` };
    throw error;
  }
}

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_THRESHOLD = 64;
const BATCH = 16;

async function extractAll(files: string[]): Promise<FileFactsResult[]> {
  const threads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 8);
  const worker = path.join(__dirname, 'lintWorker.js');
  if (files.length < PARALLEL_THRESHOLD || threads < 2 || !fs.existsSync(worker)) {
    await initAnalysis();
    return files.map(extractFileFacts);
  }
  // Imported here so the language server (which lints open files one at a time) never loads it.
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: worker, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  try {
    const batches: string[][] = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
    const results = await Promise.all(batches.map((b) => pool.run(b) as Promise<FileFactsResult[]>));
    return results.flat();
  } finally {
    await pool.destroy();
  }
}

export async function lintFiles(files: string[], options: AnalysisOptions = {}, roots: string[] = [process.cwd()]): Promise<LintResult> {
  const findings: Finding[] = [];
  const problems: FileProblem[] = [];
  const workspace = new WorkspaceIndex(roots);
  // Phase 1: facts of every file (the workspace call graph needs all of them before any rule runs).
  const analysed: SourceFacts[] = [];
  for (const result of await extractAll(files)) {
    if ('problem' in result) problems.push({ file: result.file, message: result.problem });
    else {
      workspace.set(result.facts);
      analysed.push(result.facts);
    }
  }
  // Phase 2: rules, file by file, against the whole workspace.
  // Each file under its nearest project configuration, with the caller's options (CLI flags) on top.
  for (const facts of analysed) findings.push(...runRules(facts, mergeOptions(projectConfigFor(facts.file), options), workspace));
  return { findings, problems };
}
