// The packages of a JS/TS monorepo, so that importing one by its name (`require('@acme/util')`,
// `import { x } from '@acme/util/disk'`) names workspace code, as the package manager's links in
// node_modules make it at run time: the nearest package.json up the folders that declares
// `workspaces` (npm, yarn: a list of folder patterns, or `{ packages: [...] }`), or a
// pnpm-workspace.yaml with a `packages:` list. Each matched folder's package.json gives the name;
// the entry point is what Node would load (`exports['.']`, `module`, `main`), else `index`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from '../../files/readLimited';

export interface WorkspacePackages {
  /** Package name -> its folder (absolute). */
  folders: Map<string, string>;
  /** Identifies these packages (a facts cache entry depends on them). */
  signature: string;
}

/** Folder -> the root manifest that declares its workspace (null: none up to the root). */
const rootOfFolder = new Map<string, string | null>();
/** Root manifest -> its packages, with the modification times of the files they were read from
 * (the language server outlives edits). */
const packagesOfRoot = new Map<string, { read: Map<string, number>; packages: WorkspacePackages | null; checked: number }>();
/** How long the packages read stand without looking at their files' times again (a monorepo
 * has hundreds of manifests, and every bare import asks). */
const FRESH_FOR_MS = 2000;

const mtimeOf = (file: string) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** A folder pattern matches at most this many folders (a `**` walk stops there too). */
const MAX_FOLDERS = 2000;

/** The workspace packages `file` can import by name, or undefined outside a monorepo. */
export function workspacePackagesFor(file: string): WorkspacePackages | undefined {
  const root = workspaceRoot(path.dirname(path.resolve(file)));
  if (!root) return undefined;
  const now = Date.now();
  let known = packagesOfRoot.get(root);
  if (known && now - known.checked > FRESH_FOR_MS) {
    if ([...known.read].some(([f, mtime]) => mtimeOf(f) !== mtime)) known = undefined;
    else known.checked = now;
  }
  if (!known) {
    const read = new Map<string, number>();
    packagesOfRoot.set(root, (known = { read, packages: packagesOf(root, read), checked: now }));
  }
  return known.packages ?? undefined;
}

function workspaceRoot(dir: string): string | null {
  const known = rootOfFolder.get(dir);
  if (known !== undefined) return known;
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  const manifest = path.join(dir, 'package.json');
  const here = fs.existsSync(pnpm) ? pnpm : fs.existsSync(manifest) && patternsOf(manifest).length ? manifest : undefined;
  const found = here ?? (path.dirname(dir) !== dir ? workspaceRoot(path.dirname(dir)) : null);
  rootOfFolder.set(dir, found);
  return found;
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
  const folders = new Map<string, string>();
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    for (const folder of foldersMatching(base, pattern, read)) {
      if (excluded.has(folder)) continue;
      const manifest = path.join(folder, 'package.json');
      const text = fs.existsSync(manifest) ? readConfigText(manifest) : undefined;
      if (text === undefined) continue;
      read.set(manifest, mtimeOf(manifest));
      try {
        const name = (JSON.parse(text) as { name?: unknown }).name;
        if (typeof name === 'string' && name && !folders.has(name)) folders.set(name, folder);
      } catch {
        // not JSON: not a package this resolution can use
      }
    }
  }
  return folders.size ? { folders, signature: JSON.stringify([...folders].sort()) } : null;
}

/** The folders under `base` a workspace pattern names: literal segments, `*` (one folder) and
 * `**` (any depth), node_modules never. The folders listed go into `read` (a package added or
 * removed changes its folder's time). */
function foldersMatching(base: string, pattern: string, read: Map<string, number>): string[] {
  let current = [base];
  for (const segment of pattern.replace(/^\.\//, '').split('/').filter((s) => s && s !== '.')) {
    const next: string[] = [];
    for (const dir of current) {
      if (segment === '**') next.push(dir, ...subfolders(dir, true, read));
      else if (segment.includes('*')) {
        const re = new RegExp(`^${segment.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
        next.push(...subfolders(dir, false, read).filter((d) => re.test(path.basename(d))));
      } else next.push(path.join(dir, segment));
      if (next.length > MAX_FOLDERS) break;
    }
    current = next.slice(0, MAX_FOLDERS);
  }
  return current;
}

function subfolders(dir: string, deep: boolean, read: Map<string, number>, depth = 0, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  read.set(dir, mtimeOf(dir));
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.') || out.length >= MAX_FOLDERS) continue;
    const sub = path.join(dir, e.name);
    out.push(sub);
    if (deep && depth < 4) subfolders(sub, true, read, depth + 1, out);
  }
  return out;
}

/** The package a bare specifier imports and the path inside it: `@acme/util/disk` -> `@acme/util`, `disk`. */
function splitSpecifier(packages: WorkspacePackages, specifier: string): { folder: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const folder = packages.folders.get(name);
  return folder ? { folder, subpath: specifier.slice(name.length + 1) } : undefined;
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
  const text = readConfigText(path.join(split.folder, 'package.json'));
  let manifest: { exports?: unknown; module?: unknown; main?: unknown } = {};
  try {
    manifest = text ? JSON.parse(text) : {};
  } catch {
    // keep the defaults
  }
  const entries = [exportedEntry(manifest.exports), manifest.module, manifest.main].filter((e): e is string => typeof e === 'string');
  return [...entries.map((e) => path.join(split.folder, e)), path.join(split.folder, 'index')];
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
