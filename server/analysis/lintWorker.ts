// piscina worker entry (dist/lintWorker.js): reads, parses and extracts the facts of a batch of
// files off the main thread, so `boundwise lint` uses every core. Facts are plain data (structured
// clone); the rules run on the main thread, where the whole workspace is.
import { extractFileFacts, type FileFactsResult, type LintTask } from './lintFiles';
import { initAnalysis } from './engine';

export default async function extractBatch({ files, extent }: LintTask): Promise<FileFactsResult[]> {
  await initAnalysis();
  return files.map((file) => extractFileFacts(file, extent));
}
