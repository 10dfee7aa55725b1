// piscina worker entry (dist/lintWorker.js): reads, parses and extracts the facts of a batch of
// files off the main thread, so `boundwise lint` uses every core. Facts are plain data (structured
// clone); the rules run on the main thread, where the whole workspace is.
import { extractFileFacts, type FileFactsResult } from './lintFiles';
import { initAnalysis } from './engine';

export default async function extractBatch(files: string[]): Promise<FileFactsResult[]> {
  await initAnalysis();
  return files.map(extractFileFacts);
}
