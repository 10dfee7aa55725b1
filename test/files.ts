// Fixture files for the tests: finding them, and writing temporary projects.
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** A temporary folder holding `files` (relative path -> content; folders are made as needed). */
export function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-test-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
