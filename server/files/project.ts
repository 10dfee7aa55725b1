// What `boundwise lint` reads besides the paths it is given: a file named on its own is checked in
// its project, so a call into a helper in another file of the project (BW110) is followed just as
// when the project's folder is linted. The project is the nearest folder, from the file's own
// upward, that holds one of PROJECT_MARKERS (the file's own folder when none does); its files are
// listed with the same walk as a linted folder, and read only when a call chain reaches them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile } from '../analysis/engine';
import { collectFiles, type CollectedFiles } from './collect';

/** Files and folders that mark a project's top folder (`.git` is a folder, or a file in a linked
 * worktree or submodule). */
export const PROJECT_MARKERS = ['pyproject.toml', 'setup.cfg', 'package.json', '.git'];

/** The top folder of the project `file` belongs to: the nearest folder upward that holds a
 * project marker, else the file's own folder. */
export function projectRootOf(file: string): string {
  const own = path.dirname(path.resolve(file));
  for (let dir = own; ; ) {
    if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return own;
    dir = parent;
  }
}

export interface LintTargets extends CollectedFiles {
  /** The other files of the projects of the files named on their own: resolved into, not reported. */
  context: string[];
  /** Those projects' top folders. */
  projectRoots: string[];
}

/** The files `paths` name (folders walked, see ./collect), and the projects of the source files
 * among them. Problems of a project's walk (a folder that cannot be read) are reported: a helper
 * may be in it. */
export function collectLintTargets(paths: string[]): LintTargets {
  const collected = collectFiles(paths);
  const namedFiles = paths.map((p) => path.resolve(p)).filter((p) => languageOfFile(p) && !fs.statSync(p).isDirectory());
  const projectRoots = [...new Set(namedFiles.map(projectRootOf))];
  if (projectRoots.length === 0) return { ...collected, context: [], projectRoots };
  const project = collectFiles(projectRoots);
  const reported = new Set(collected.files);
  const seenProblems = new Set(collected.problems.map((p) => p.file));
  return {
    files: collected.files,
    skippedByDefault: collected.skippedByDefault, // of the paths given: the project's other folders are not linted
    problems: [...collected.problems, ...project.problems.filter((p) => !seenProblems.has(p.file))],
    context: project.files.filter((f) => !reported.has(f)),
    projectRoots,
  };
}
