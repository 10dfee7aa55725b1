// The files that decide which files a walk lists (./collect), besides the files themselves: the
// .gitignore files, a repository's .git/info/exclude, and the project configurations (their
// exclude / extend-exclude, and a package.json's entry points that make a build folder count).
// When one of them changes, the files a walk lists can change anywhere below its folder: that
// folder is the change's scope. Some of them are outside the workspace folders (rulesAbove): the
// .gitignore files and configurations between a workspace folder and its repository's top, the
// repository's info/exclude (in the main repository's git folder for a linked worktree), and the
// user's global excludes file; their scope is the workspace folders they govern.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILES } from '../analysis/config';
import { commonGitDir, globalExcludesFile } from './gitIgnores';

export const GIT_IGNORE_FILE = '.gitignore';
/** A repository's own ignore rules, relative to its top folder. */
const INFO_EXCLUDE = path.join('.git', 'info', 'exclude');

/** File names (and, for info/exclude, a path below any folder) to watch, as globs. */
export function ruleFileGlobs(): string[] {
  return [`**/{${[GIT_IGNORE_FILE, ...CONFIG_FILES].join(',')}}`, `**/${INFO_EXCLUDE.split(path.sep).join('/')}`];
}

/** The folders below which a change of `file` can change what a walk lists: its own folder for a
 * rule file inside the workspace, the workspace folders it governs for one of `above`; none when
 * `file` is no rule file. */
export function ruleFileScopes(file: string, above: ReadonlyMap<string, string[]> = new Map()): string[] {
  const outside = above.get(file);
  if (outside) return outside;
  const name = path.basename(file);
  if (name === GIT_IGNORE_FILE || CONFIG_FILES.includes(name)) return [path.dirname(file)];
  if (file.endsWith(path.sep + INFO_EXCLUDE)) return [file.slice(0, -(INFO_EXCLUDE.length + 1))];
  return [];
}

const inside = (dir: string, folder: string) => dir === folder || dir.startsWith(folder + path.sep);

/** The rule files outside the workspace folders `roots` that govern files in them (see the top of
 * this file), each with the folders it governs. Only files are read (a `.git` file naming the git
 * folder, its commondir, the user's git configuration); git is never run. */
export function rulesAbove(roots: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  /** `named`: the workspace's own globs match the file's name, so one inside a root is watched. */
  const add = (file: string, root: string, named = true) => {
    if (named && roots.some((r) => inside(file, r))) return;
    found.set(file, [...new Set([...(found.get(file) ?? []), root])]);
  };
  for (const root of roots) {
    let top: string | undefined;
    for (let dir = root; !top; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.git'))) top = dir;
      else if (path.dirname(dir) === dir) break;
    }
    if (!top) continue; // outside a repository, no .gitignore applies; configurations above are not followed
    for (let dir = root; dir !== top; ) {
      dir = path.dirname(dir);
      for (const name of [GIT_IGNORE_FILE, ...CONFIG_FILES]) add(path.join(dir, name), root);
    }
    const gitDir = commonGitDir(top);
    if (gitDir) add(path.join(gitDir, 'info', 'exclude'), root);
    add(globalExcludesFile(), root, false); // any name, anywhere (in a workspace opened on the home folder too)
  }
  return found;
}

/** The folders to walk again for changes with these scopes: each scope inside a root, or the
 * roots inside a scope (a .gitignore above the workspace folder), none inside another. */
export function scopesToWalk(scopes: Iterable<string>, roots: readonly string[]): string[] {
  const found = new Set<string>();
  for (const scope of scopes) {
    for (const root of roots) {
      if (inside(scope, root)) found.add(scope);
      else if (inside(root, scope)) found.add(root);
    }
  }
  const all = [...found];
  return all.filter((dir) => !all.some((other) => other !== dir && inside(dir, other)));
}
