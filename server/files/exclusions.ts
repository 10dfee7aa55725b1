// Which files and folders are not read, with ruff's rules (docs/configuration.md#exclude):
// `exclude` in the nearest configuration replaces the default list below, `extend-exclude` adds to
// it, and patterns are globs relative to the configuration file's folder (./pathGlobs). A build
// output folder (`dist`, `build`, ...) is read after all when the package.json above it points its
// `main`, `module` or `exports` into it: many packages ship all their code there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileSelectionIn, type FileSelection } from '../analysis/config';
import { matchesGlob } from '../analysis/pathGlobs';
import { readConfigText } from './readLimited';

/** Build output: often generated code, but the only code of a package that ships it. The CLI
 * summary counts the files skipped in these. */
export const BUILD_OUTPUT_DIRS: readonly string[] = ['dist', 'build', 'out', '.next', 'coverage'];
/** Dependencies and environments: other people's code. */
export const DEPENDENCY_DIRS: readonly string[] = ['node_modules', '.venv', 'venv', '.tox', '.nox', 'site-packages'];
/** Version control and tool caches: no source of the project. */
const TOOL_DIRS: readonly string[] = ['.git', '.hg', '__pycache__', '.mypy_cache', '.pytest_cache'];
/** The default `exclude` list (a folder holding `pyvenv.cfg`, a virtualenv, is skipped too). */
export const DEFAULT_EXCLUDE: readonly string[] = [...TOOL_DIRS, ...DEPENDENCY_DIRS, ...BUILD_OUTPUT_DIRS];

const NO_CONFIGURATION: FileSelection = { extendExclude: [], forceExclude: false };

/** Why a path is not read. */
export type Exclusion =
  | { by: 'config'; pattern: string; source: string }
  | { by: 'default'; name: string; kind: 'build-output' | 'dependencies' | 'tools' };

/** The package.json `main` / `module` / `exports` targets: strings, nested condition objects and
 * arrays, subpath patterns cut at their `*`. */
export function packageEntryPoints(manifest: unknown): string[] {
  if (!manifest || typeof manifest !== 'object') return [];
  const m = manifest as Record<string, unknown>;
  const out: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 20) return; // a hostile manifest cannot nest us into a stack overflow
    if (typeof value === 'string') out.push(value.split('*')[0]);
    else if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(m.main, 0);
  visit(m.module, 0);
  visit(m.exports, 0);
  return out.filter((p) => p.trim() !== '');
}

/** Answers "is this path read?", remembering per folder what it looked up (one instance per walk:
 * configuration files edited later are seen by the next). */
export class Exclusions {
  private readonly selections = new Map<string, FileSelection>();
  private readonly entryPoints = new Map<string, string[]>();

  /** The selection that governs the entries of folder `dir`: its nearest configuration's (a
   * folder's is its parent's unless it holds one, so a walk looks at each folder once). */
  selectionFor(dir: string): FileSelection {
    let selection = this.selections.get(dir);
    if (!selection) {
      const parent = path.dirname(dir);
      selection = fileSelectionIn(dir) ?? (parent === dir ? NO_CONFIGURATION : this.selectionFor(parent));
      this.selections.set(dir, selection);
    }
    return selection;
  }

  /** Why `entry` (a file or folder, absolute) is not read, judged as an entry of its folder;
   * undefined when it is read. */
  excluded(entry: string, isFolder: boolean): Exclusion | undefined {
    const selection = this.selectionFor(path.dirname(entry));
    const base = selection.base ?? path.dirname(entry);
    for (const pattern of [...(selection.exclude ?? []), ...selection.extendExclude]) {
      if (matchesGlob(pattern.replace(/\/+$/, ''), entry, base)) return { by: 'config', pattern, source: selection.source! };
    }
    if (selection.exclude || !isFolder) return undefined;
    const name = path.basename(entry);
    if (BUILD_OUTPUT_DIRS.includes(name)) return this.shipped(entry) ? undefined : { by: 'default', name, kind: 'build-output' };
    if (DEPENDENCY_DIRS.includes(name) || fs.existsSync(path.join(entry, 'pyvenv.cfg'))) return { by: 'default', name, kind: 'dependencies' };
    if (TOOL_DIRS.includes(name)) return { by: 'default', name, kind: 'tools' };
    return undefined;
  }

  /** Why `file` is not read when it, or a folder it is in, is excluded. The folders are judged up
   * to `root` (not included); without one, up to the folder of the configuration that governs the
   * file, as ruff stops at the project's folder; without either, only the file itself. */
  excludedPath(file: string, root: string | undefined, isFolder = false): Exclusion | undefined {
    const target = path.resolve(file);
    let bound = root ?? this.selectionFor(path.dirname(target)).base ?? path.dirname(target);
    if (!target.startsWith(bound + path.sep)) bound = path.dirname(target);
    let folder = isFolder;
    for (let entry = target; entry !== bound; entry = path.dirname(entry), folder = true) {
      const why = this.excluded(entry, folder);
      if (why) return why;
    }
    return undefined;
  }

  /** Whether the nearest package.json above `folder` points its entry points into it. */
  private shipped(folder: string): boolean {
    const inside = folder + path.sep;
    // `main: "dist"` (its index.js) and a pattern cut to `./dist/` name the folder itself.
    return this.entryPointsAbove(path.dirname(folder)).some((target) => target === folder || target.startsWith(inside));
  }

  /** The entry points (absolute) of the nearest package.json at or above `dir`. */
  private entryPointsAbove(dir: string): string[] {
    const known = this.entryPoints.get(dir);
    if (known) return known;
    let found: string[];
    const manifest = path.join(dir, 'package.json');
    const text = fs.existsSync(manifest) ? readConfigText(manifest) : undefined;
    if (text !== undefined) {
      try {
        found = packageEntryPoints(JSON.parse(text)).map((p) => path.resolve(dir, p));
      } catch {
        found = []; // a package.json that does not parse points nowhere
      }
    } else {
      const parent = path.dirname(dir);
      found = parent === dir ? [] : this.entryPointsAbove(parent);
    }
    this.entryPoints.set(dir, found);
    return found;
  }
}

/** One sentence on why a path is not read, for logs and statuses. */
export function describeExclusion(why: Exclusion): string {
  if (why.by === 'config') return `excluded by the pattern '${why.pattern}' in ${why.source}`;
  return `in ${why.name}/, a folder skipped by default (the project configuration's exclude changes that)`;
}
