import { analyzeSource, initAnalysis, languageOfFile } from '../../server/analysis/engine';
import type { Finding } from '../../server/analysis/types';

/** Analyses a snippet as if it were `file`; returns `code@line:col` (1-based) for compact asserts. */
export async function findingsIn(file: string, source: string, codes?: string[]): Promise<string[]> {
  return (await analyze(file, source, codes)).map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character + 1}`);
}

export async function analyze(file: string, source: string, codes?: string[]): Promise<Finding[]> {
  await initAnalysis();
  const language = languageOfFile(file);
  if (!language) throw new Error(`no language for ${file}`);
  return analyzeSource(file, source, language, codes ? { select: codes } : {}).findings;
}

/** Joins lines, so fixtures keep their indentation readable in test files. */
export const lines = (...l: string[]) => l.join('\n') + '\n';
