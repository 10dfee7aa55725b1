// Which files `boundwise lint` and the language server's workspace index read: the paths given
// (files always, unless `force-exclude` says otherwise; folders walked), skipping what the
// configuration's `exclude`/`extend-exclude` or the default list names (./exclusions) and what git
// would ignore (./gitIgnores, from the ignore files alone: nothing is run). What cannot be walked
// or named (an unreadable folder, a name that is not UTF-8) is reported, never dropped silently,
// and so are the folders skipped by default (with the number of source files in build output).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile } from '../analysis/engine';
import { describeExclusion, Exclusions, type Exclusion } from './exclusions';
import { GitIgnores } from './gitIgnores';
import { describeFsError, type FileProblem } from './readLimited';

export class MissingPathError extends Error {}

export interface CollectedFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** Folders and files found but not listed, and why. */
  problems: FileProblem[];
  /** Folders skipped by the default list (not by the project's configuration), in walk order. */
  skippedByDefault: SkippedFolder[];
  /** The walks that stopped at their limit (see WalkLimit), and what they did not walk. */
  cutShort?: CutShort[];
}

/** How much one walk may list: it stops before the next folder once either is reached. */
export interface WalkLimit {
  /** Source files listed (0: no limit). */
  maxFiles: number;
  /** Milliseconds since the walk began (0: no limit). */
  maxMs: number;
}

/** A walk stopped at its limit: the folders it did not enter. */
export interface CutShort {
  root: string;
  reason: 'files' | 'time';
  listed: number;
  ms: number;
  /** The folders left unwalked (each with everything below it), nearest the root first. */
  folders: string[];
}

export interface SkippedFolder {
  folder: string;
  kind: 'build-output' | 'dependencies';
  /** Build output: the source files in it that would have been read. */
  files?: number;
}

/** What a walk keeps between questions: the ignore files and configurations it read. */
export interface WalkRules {
  ignores: GitIgnores;
  exclusions: Exclusions;
}

/** What one walk keeps: its rules, the files found, what could not be read, what was skipped by
 * default. */
interface Walk extends WalkRules {
  out: string[];
  problems: FileProblem[];
  skipped?: SkippedFolder[];
  limit?: WalkLimit;
}

/** Notes a folder skipped by default; build output is walked to say how many files it holds. */
function noteSkipped(folder: string, why: Exclusion, w: Walk): void {
  if (!w.skipped || why.by !== 'default' || why.kind === 'tools') return;
  if (why.kind === 'dependencies') {
    w.skipped.push({ folder, kind: 'dependencies' });
    return;
  }
  const inside: string[] = [];
  walk(folder, { ...w, out: inside, problems: [], skipped: undefined, limit: undefined });
  if (inside.length) w.skipped.push({ folder, kind: 'build-output', files: inside.length });
}

/** Whether a walk enters the folder `dir` (below the folder it started from). */
function walksInto(dir: string, ignores: GitIgnores, exclusions: Exclusions): boolean {
  return !exclusions.excluded(dir, true) && !ignores.ignores(dir, true);
}

/** Whether a walk lists the file `file` (named `name`). */
function listsFile(file: string, name: string, ignores: GitIgnores, exclusions: Exclusions): boolean {
  return !!languageOfFile(name) && !exclusions.excluded(file, false) && !ignores.ignores(file, false);
}

/** Whether walking `roots` enters the folder `dir`: one of them, or a folder inside one of them in
 * no folder the walk skips, neither excluded nor ignored. `rules`: one per batch of questions (they
 * keep the files they read). */
export function walkOfRootsEnters(dir: string, roots: readonly string[], { ignores, exclusions }: WalkRules): boolean {
  const root = roots.find((r) => dir === r || dir.startsWith(r + path.sep));
  if (!root) return false;
  for (let d = dir; d !== root; d = path.dirname(d)) if (!walksInto(d, ignores, exclusions)) return false;
  return true;
}

/** Whether walking `roots` lists `file`. The language server asks this of a file changed on disk,
 * so the index holds the files a walk at start-up would have read. */
export function walkOfRootsLists(file: string, roots: readonly string[], rules: WalkRules): boolean {
  return listsFile(file, path.basename(file), rules.ignores, rules.exclusions) && walkOfRootsEnters(path.dirname(file), roots, rules);
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
 * (a folder tree can be deeper than a call stack). With a limit, stops before the next folder
 * once it is reached, and says what it left. */
function walk(root: string, w: Walk): CutShort | undefined {
  const { ignores, exclusions, out, problems, limit } = w;
  const started = Date.now();
  const pending = [root];
  while (pending.length) {
    if (limit) {
      const ms = Date.now() - started;
      const reason = limit.maxFiles > 0 && out.length >= limit.maxFiles ? 'files' : limit.maxMs > 0 && ms >= limit.maxMs ? 'time' : undefined;
      if (reason) return { root, reason, listed: out.length, ms, folders: pending.reverse() };
    }
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
        const why = exclusions.excluded(full, true);
        if (why) noteSkipped(full, why, w);
        else if (!ignores.ignores(full, true)) folders.push(full);
      } else if (listsFile(full, name, ignores, exclusions)) {
        // Symbolic links and special files too: reading them says what they are (./readLimited).
        out.push(full);
      }
    }
    pending.push(...folders.reverse());
  }
  return undefined;
}

/** `rules`: the ignore files and configurations already read, when the caller has them. `limit`:
 * how much each folder's walk may list (none: everything). */
export function collectFiles(paths: string[], { ignores, exclusions }: WalkRules = { ignores: new GitIgnores(), exclusions: new Exclusions() }, limit?: WalkLimit): CollectedFiles {
  const files = new Set<string>();
  const problems: FileProblem[] = [];
  const skippedByDefault: SkippedFolder[] = [];
  const cutShort: CutShort[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new MissingPathError(`path not found: ${given}`);
    }
    // A path named on the command line is read even when excluded or ignored by git, as in ruff,
    // unless the configuration says `force-exclude`.
    const forced = exclusions.selectionFor(path.dirname(full)).forceExclude ? exclusions.excludedPath(full, undefined, stat.isDirectory()) : undefined;
    if (forced) {
      problems.push({ file: full, message: `${describeExclusion(forced)}, and force-exclude is set; not checked.` });
      continue;
    }
    if (!stat.isDirectory()) {
      files.add(full);
      continue;
    }
    const walked: string[] = [];
    const cut = walk(full, { ignores, exclusions, out: walked, problems, skipped: skippedByDefault, limit });
    if (cut) cutShort.push(cut);
    for (const f of walked) files.add(f);
  }
  return { files: [...files].sort(), problems, skippedByDefault, ...(cutShort.length ? { cutShort } : {}) };
}
