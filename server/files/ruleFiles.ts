// The files that decide which files a walk lists (./collect), besides the files themselves: the
// .gitignore files, a repository's .git/info/exclude, and the project configurations (their
// exclude / extend-exclude, and a package.json's entry points that make a build folder count).
// When one of them changes, the files a walk lists can change anywhere below its folder: that
// folder is the change's scope.
import * as path from 'node:path';
import { CONFIG_FILES } from '../analysis/config';

export const GIT_IGNORE_FILE = '.gitignore';
/** A repository's own ignore rules, relative to its top folder. */
const INFO_EXCLUDE = path.join('.git', 'info', 'exclude');

/** File names (and, for info/exclude, a path below any folder) to watch, as globs. */
export function ruleFileGlobs(): string[] {
  return [`**/{${[GIT_IGNORE_FILE, ...CONFIG_FILES].join(',')}}`, `**/${INFO_EXCLUDE.split(path.sep).join('/')}`];
}

/** The folder below which a change of `file` can change what a walk lists; undefined when `file`
 * is no rule file. */
export function ruleFileScope(file: string): string | undefined {
  const name = path.basename(file);
  if (name === GIT_IGNORE_FILE || CONFIG_FILES.includes(name)) return path.dirname(file);
  if (file.endsWith(path.sep + INFO_EXCLUDE)) return file.slice(0, -(INFO_EXCLUDE.length + 1));
  return undefined;
}

/** The folders to walk again for changes with these scopes: each scope inside a root, or the
 * roots inside a scope (a .gitignore above the workspace folder), none inside another. */
export function scopesToWalk(scopes: Iterable<string>, roots: readonly string[]): string[] {
  const inside = (dir: string, folder: string) => dir === folder || dir.startsWith(folder + path.sep);
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
