// The packages of a JS/TS monorepo, so that importing one by its name (`require('@acme/util')`,
// `import { x } from '@acme/util/disk'`) names workspace code, as the package manager's links in
// node_modules make it at run time: the nearest package.json up the folders that declares
// `workspaces` (npm, yarn: a list of folder patterns, or `{ packages: [...] }`), or a
// pnpm-workspace.yaml with a `packages:` list. Each matched folder's package.json gives the name;
// the entry point is what Node would load (`exports['.']`, `module`, `main`), else `index`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from '../../files/readLimited';
import { foldersMatching, mtimeOf, nearestUp, type NearestKnown, ReadFromFiles } from '../workspace/folderPatterns';

export interface WorkspacePackages {
  /** Package name -> its folder (absolute) and the entry points its package.json names, in
   * Node's order (`exports['.']`, `module`, `main`). */
  folders: Map<string, { folder: string; entries: string[] }>;
  /** Identifies these packages (a facts cache entry depends on them). */
  signature: string;
}

/** Folder -> the root manifest that declares its workspace (null: none up to the root). */
const rootOfFolder: NearestKnown = new Map();
/** Root manifest -> its packages. */
const packagesOfRoot = new ReadFromFiles<WorkspacePackages | null>();

/** The workspace packages `file` can import by name, or undefined outside a monorepo. */
export function workspacePackagesFor(file: string): WorkspacePackages | undefined {
  const root = workspaceRoot(path.dirname(path.resolve(file)));
  if (!root) return undefined;
  return packagesOfRoot.get(root, (read) => packagesOf(root, read)) ?? undefined;
}

function workspaceRoot(dir: string): string | null {
  return nearestUp(dir, rootOfFolder, (d) => {
    const pnpm = path.join(d, 'pnpm-workspace.yaml');
    const manifest = path.join(d, 'package.json');
    return fs.existsSync(pnpm) ? pnpm : fs.existsSync(manifest) && patternsOf(manifest).length ? manifest : undefined;
  });
}

/** The folder patterns a root manifest lists (`packages/*`, `!packages/private`). */
function patternsOf(root: string): string[] {
  const text = readConfigText(root);
  if (text === undefined) return [];
  if (root.endsWith('.yaml')) {
    // `packages:` followed by `  - 'packages/*'` items: the only part of the file needed here.
    const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?|[ \t]*\n)*)/m.exec(text)?.[1] ?? '';
    return [...block.matchAll(/^[ \t]+-[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$/gm)].map((m) => m[1]);
  }
  try {
    const json = JSON.parse(text) as { workspaces?: unknown };
    const list = Array.isArray(json.workspaces) ? json.workspaces : (json.workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function packagesOf(root: string, read: Map<string, number>): WorkspacePackages | null {
  read.set(root, mtimeOf(root));
  const base = path.dirname(root);
  const patterns = patternsOf(root);
  const excluded = new Set(patterns.filter((p) => p.startsWith('!')).flatMap((p) => foldersMatching(base, p.slice(1), read)));
  const folders = new Map<string, { folder: string; entries: string[] }>();
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    for (const folder of foldersMatching(base, pattern, read)) {
      if (excluded.has(folder)) continue;
      const manifest = path.join(folder, 'package.json');
      const text = fs.existsSync(manifest) ? readConfigText(manifest) : undefined;
      if (text === undefined) continue;
      read.set(manifest, mtimeOf(manifest));
      try {
        const manifest = JSON.parse(text) as { name?: unknown; exports?: unknown; module?: unknown; main?: unknown };
        const entries = [exportedEntry(manifest.exports), manifest.module, manifest.main].filter((e): e is string => typeof e === 'string');
        if (typeof manifest.name === 'string' && manifest.name && !folders.has(manifest.name)) folders.set(manifest.name, { folder, entries });
      } catch {
        // not JSON: not a package this resolution can use
      }
    }
  }
  return folders.size ? { folders, signature: JSON.stringify([...folders].sort()) } : null;
}

/** The package a bare specifier imports and the path inside it: `@acme/util/disk` -> `@acme/util`, `disk`. */
function splitSpecifier(packages: WorkspacePackages, specifier: string): { folder: string; entries: string[]; subpath: string } | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const found = packages.folders.get(name);
  return found ? { ...found, subpath: specifier.slice(name.length + 1) } : undefined;
}

/** True when a bare specifier imports a package of the workspace. */
export function isWorkspacePackage(packages: WorkspacePackages | undefined, specifier: string): boolean {
  return !!packages && !specifier.startsWith('.') && splitSpecifier(packages, specifier) !== undefined;
}

/** The module paths a specifier naming a workspace package may load, in Node's order: for the
 * package itself its `exports['.']`, `module` and `main` entries, then its `index`; for a path
 * inside it, that path. Paths as written (an extension may be added). */
export function packageCandidates(packages: WorkspacePackages, specifier: string): string[] {
  const split = splitSpecifier(packages, specifier);
  if (!split) return [];
  if (split.subpath) return [path.join(split.folder, split.subpath)];
  return [...split.entries.map((e) => path.join(split.folder, e)), path.join(split.folder, 'index')];
}

/** The file `exports` gives for the package itself: a string, `{ ".": ... }`, or conditions
 * (`import`, `require`, `node`, `default`), nested. */
function exportedEntry(exports: unknown, depth = 0): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object' || depth > 4) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportedEntry(map['.'], depth + 1);
  for (const condition of ['import', 'require', 'node', 'default']) {
    const found = exportedEntry(map[condition], depth + 1);
    if (found) return found;
  }
  return undefined;
}
