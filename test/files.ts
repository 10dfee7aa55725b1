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

/** A larger labelled corpus that is not part of this repository, when one is at hand:
 * `$BOUNDWISE_EXTRA_CORPUS`, else a `shared/corpus/static` folder beside the checkout (same format as
 * test/fixtures/corpus). Undefined when absent: the tests that read it then skip, saying so. */
export const EXTRA_CORPUS: string | undefined = [process.env.BOUNDWISE_EXTRA_CORPUS, path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'static')].find(
  (dir): dir is string => !!dir && fs.existsSync(dir),
);
export const NO_EXTRA_CORPUS = 'no external labelled corpus (set BOUNDWISE_EXTRA_CORPUS to a folder in the test/fixtures/corpus format)';

/** A temporary folder holding `files` (relative path -> content; folders are made as needed). */
export function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-test-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
