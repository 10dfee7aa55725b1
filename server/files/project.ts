// What `boundwise lint` reads besides the paths it is given: a file named on its own is checked in
// its project, so a call into a helper in another file of the project (BW110) is followed just as
// when the project's folder is linted. The project (projectRootOf) is:
// - the nearest folder, from the file's own upward, that holds one of PROJECT_MARKERS; the user's
//   home folder and the file system's root never count for a `.git` alone (a dotfiles repository
//   in the home folder would make every scratch file a project of the whole home);
// - when that folder is one package of a workspace (a monorepo: npm/yarn `workspaces` in an
//   ancestor's package.json, pnpm-workspace.yaml, lerna.json) that lists it, the workspace's top
//   folder, since its packages call into each other (./workspaces);
// - else the file's own folder.
// Its files are listed with the same walk as a linted folder, bounded (PROJECT_WALK_LIMIT), and read
// only when a call chain reaches them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { languageOfFile } from '../analysis/engine';
import { collectFiles, type CollectedFiles, type CutShort, type WalkLimit } from './collect';
import { workspaceRootOf } from './workspaces';

/** Files and folders that mark a project's top folder (`.git` is a folder, or a file in a linked
 * worktree or submodule). */
export const PROJECT_MARKERS = ['pyproject.toml', 'setup.cfg', 'package.json', '.git'];

/** How much of a project is listed for a file named on its own, unless the command line says
 * otherwise: enough for large monorepos (25,000 files are listed in well under a second), not a
 * whole home folder. */
export const PROJECT_WALK_LIMIT: WalkLimit = { maxFiles: 100_000, maxMs: 5_000 };

/** The user's home folder or the file system's root: never a project by `.git` alone. */
function isHomeOrRoot(dir: string): boolean {
  return path.dirname(dir) === dir || dir === path.resolve(os.homedir());
}

/** Whether the folder `dir` holds a project marker that counts there. */
function marksProject(dir: string): boolean {
  const markers = isHomeOrRoot(dir) ? PROJECT_MARKERS.filter((m) => m !== '.git') : PROJECT_MARKERS;
  return markers.some((marker) => fs.existsSync(path.join(dir, marker)));
}

/** The top folder of the project `file` belongs to (see the top of this file). */
export function projectRootOf(file: string): string {
  const own = path.dirname(path.resolve(file));
  for (let dir = own; ; ) {
    if (marksProject(dir)) return fs.existsSync(path.join(dir, 'package.json')) ? (workspaceRootOf(dir) ?? dir) : dir;
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
  /** The projects' walks that stopped at the limit, and what they did not list. */
  cutShort?: CutShort[];
}

/** The files `paths` name (folders walked, see ./collect), and the projects of the source files
 * among them, each listed up to `limit`. Problems of a project's walk (a folder that cannot be
 * read) are reported: a helper may be in it. */
export function collectLintTargets(paths: string[], limit: WalkLimit = PROJECT_WALK_LIMIT): LintTargets {
  const collected = collectFiles(paths);
  const namedFiles = paths.map((p) => path.resolve(p)).filter((p) => languageOfFile(p) && !fs.statSync(p).isDirectory());
  const projectRoots = [...new Set(namedFiles.map(projectRootOf))];
  if (projectRoots.length === 0) return { ...collected, context: [], projectRoots };
  const project = collectFiles(projectRoots, undefined, limit);
  const reported = new Set(collected.files);
  const seenProblems = new Set(collected.problems.map((p) => p.file));
  return {
    files: collected.files,
    skippedByDefault: collected.skippedByDefault, // of the paths given: the project's other folders are not linted
    problems: [...collected.problems, ...project.problems.filter((p) => !seenProblems.has(p.file))],
    context: project.files.filter((f) => !reported.has(f)),
    projectRoots,
    ...(project.cutShort ? { cutShort: project.cutShort } : {}),
  };
}
