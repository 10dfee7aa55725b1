// Which files `boundwise lint` and the language server's workspace index read: the paths given
// (files always; folders walked), skipping dependencies, virtualenvs, build output and what git
// would ignore (./gitIgnores, from the ignore files alone: nothing is run). What cannot be walked
// or named (an unreadable folder, a name that is not UTF-8) is reported, never dropped silently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile } from '../analysis/engine';
import { GitIgnores } from './gitIgnores';
import { describeFsError, type FileProblem } from './readLimited';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', 'site-packages', 'dist', 'build', 'out', '.next', 'coverage']);

export class MissingPathError extends Error {}

export interface CollectedFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** Folders and files found but not listed, and why. */
  problems: FileProblem[];
}

function skippedDir(dir: string): boolean {
  return SKIPPED_DIRS.has(path.basename(dir)) || fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** Whether a walk enters the folder `dir` (below the folder it started from). */
function walksInto(dir: string, ignores: GitIgnores): boolean {
  return !skippedDir(dir) && !ignores.ignores(dir, true);
}

/** Whether a walk lists the file `file` (named `name`). */
function listsFile(file: string, name: string, ignores: GitIgnores): boolean {
  return !!languageOfFile(name) && !ignores.ignores(file, false);
}

/** Whether walking `roots` lists `file`: a source file inside one of them, in no folder the walk
 * skips, and not ignored. The language server asks this of a file changed on disk, so the index
 * holds the files a walk at start-up would have read. `ignores`: one per batch of questions (it
 * keeps the ignore files it read). */
export function walkOfRootsLists(file: string, roots: readonly string[], ignores: GitIgnores): boolean {
  const root = roots.find((r) => file.startsWith(r + path.sep));
  if (!root || !listsFile(file, path.basename(file), ignores)) return false;
  for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) if (!walksInto(dir, ignores)) return false;
  return true;
}

/** A file name's bytes as text, when they are valid UTF-8. */
function utf8Name(name: Buffer): string | undefined {
  const text = name.toString('utf8');
  return Buffer.from(text, 'utf8').equals(name) ? text : undefined;
}

/** A name that is not UTF-8, shown with its other bytes as `\xNN`. */
function escapedName(name: Buffer): string {
  return [...name].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** The source files under `root` that git would not ignore, depth first with an explicit stack
 * (a folder tree can be deeper than a call stack). */
function walk(root: string, ignores: GitIgnores, out: string[], problems: FileProblem[]): void {
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      problems.push({ file: dir, message: `folder could not be read: ${describeFsError(error)}; the files in it were not checked.`, unreadable: true });
      continue;
    }
    const folders: string[] = [];
    for (const entry of entries) {
      const name = utf8Name(entry.name);
      const isFolder = entry.isDirectory();
      if (name === undefined) {
        // Node cannot name such a file in a string path: say so when it would have been read.
        const shown = path.join(dir, escapedName(entry.name));
        if (isFolder) problems.push({ file: shown, message: 'folder name is not valid UTF-8; the files in it were not checked.', unreadable: true });
        else if (languageOfFile(entry.name.toString('latin1'))) problems.push({ file: shown, message: 'name is not valid UTF-8; not checked.', unreadable: true });
        continue;
      }
      const full = path.join(dir, name);
      if (isFolder) {
        if (walksInto(full, ignores)) folders.push(full);
      } else if (listsFile(full, name, ignores)) {
        // Symbolic links and special files too: reading them says what they are (./readLimited).
        out.push(full);
      }
    }
    pending.push(...folders.reverse());
  }
}

export function collectFiles(paths: string[]): CollectedFiles {
  const files = new Set<string>();
  const problems: FileProblem[] = [];
  const ignores = new GitIgnores();
  for (const given of paths) {
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new MissingPathError(`path not found: ${given}`);
    }
    if (!stat.isDirectory()) {
      // A file named on the command line is read even when git would ignore it.
      files.add(full);
      continue;
    }
    const walked: string[] = [];
    walk(full, ignores, walked, problems);
    for (const f of walked) files.add(f);
  }
  return { files: [...files].sort(), problems };
}
