// piscina worker entry (dist/lintWorker.js): reads, parses and extracts the facts of a batch of
// files off the main thread, so `boundwise lint` uses every core. Facts are plain data (structured
// clone); the rules run on the main thread, where the whole workspace is.
import { extractFileFacts, type LintTask, type LintTaskResult } from './lintFiles';
import { initAnalysis } from './engine';
import { takeConfigProblems } from '../files/readLimited';

export default async function extractBatch({ files, extent }: LintTask): Promise<LintTaskResult> {
  await initAnalysis();
  const results = files.map((file) => extractFileFacts(file, extent));
  return { results, configProblems: takeConfigProblems() };
}
