// Lints a set of files as one workspace: the engine behind `boundwise lint` and the corpus tests.
import * as fs from 'node:fs';
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

export async function lintFiles(files: string[], options: AnalysisOptions = {}, roots: string[] = [process.cwd()]): Promise<LintResult> {
  await initAnalysis();
  const findings: Finding[] = [];
  const problems: FileProblem[] = [];
  const workspace = new WorkspaceIndex(roots);
  // Phase 1: facts of every file (the workspace call graph needs all of them before any rule runs).
  const analysed: SourceFacts[] = [];
  for (const file of files) {
    const language = languageOfFile(file);
    if (!language) {
      problems.push({ file, message: 'not a Python, JavaScript or TypeScript file; skipped.' });
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ file, message: `could not be read: ${(error as Error).message}` });
      continue;
    }
    const skip = reasonToSkip(text);
    if (skip) {
      problems.push({ file, message: `skipped: ${skip}.` });
      continue;
    }
    try {
      const facts = extractFacts(file, text, language);
      workspace.set(facts);
      analysed.push(facts);
    } catch (error) {
      if (error instanceof JsSyntaxError) {
        problems.push({ file, message: `syntax error at line ${error.range.start.line + 1}: ${error.message.split('\n')[0]}` });
        continue;
      }
      throw error;
    }
  }
  // Phase 2: rules, file by file, against the whole workspace.
  // Each file under its nearest project configuration, with the caller's options (CLI flags) on top.
  for (const facts of analysed) findings.push(...runRules(facts, mergeOptions(projectConfigFor(facts.file), options), workspace));
  return { findings, problems };
}
