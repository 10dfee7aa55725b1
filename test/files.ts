// Finding fixture files for the tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile } from '../server/analysis/engine';

/** The files under `dir` (none when it does not exist), sorted: Python ones for 'python', else
 * every Python, JavaScript and TypeScript file. */
export function sourceFilesUnder(dir: string, only?: 'python'): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && (only === 'python' ? e.name.endsWith('.py') : !!languageOfFile(e.name)))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
