// Folder patterns of workspace manifests (npm and yarn `workspaces`, pnpm-workspace.yaml, uv's
// `[tool.uv.workspace] members`): `packages/*`, `libs/**`, `tools/cli`, as the package managers
// expand them (node_modules and hidden folders never).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file's or folder's modification time; -1 when it is gone. */
export const mtimeOf = (file: string): number => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Per folder, the nearest config file found from it (null: none up to the root) and when. */
export type NearestKnown = Map<string, { file: string | null; at: number }>;

/** How long a looked-up answer is kept: the language server outlives edits (a tsconfig.json or a
 * `workspaces` field added later is found), and a monorepo's imports ask on every resolve. */
const FRESH_MS = 2000;

/** The file `found` names in `dir` or the nearest folder above it (null: none up to the root),
 * remembered per folder in `known` for two seconds (a config's nearest tsconfig.json, a
 * workspace's root manifest). */
export function nearestUp(dir: string, known: NearestKnown, found: (dir: string) => string | undefined, now = Date.now()): string | null {
  const cached = known.get(dir);
  if (cached && now - cached.at <= FRESH_MS) return cached.file;
  const file = found(dir) ?? (path.dirname(dir) !== dir ? nearestUp(path.dirname(dir), known, found, now) : null);
  known.set(dir, { file, at: now });
  return file;
}

/** Values made from files (a workspace's packages, its import roots), each kept until one of the
 * files or folders it was read from changes. Their times are looked at no more than every
 * FRESH_MS (a monorepo has hundreds of manifests, and every import resolved asks). */
export class ReadFromFiles<T> {
  private readonly known = new Map<string, { read: Map<string, number>; value: T; checked: number }>();

  /** The value for `key`, made again by `load` (which notes in `read` what it reads) when stale. */
  get(key: string, load: (read: Map<string, number>) => T): T {
    const now = Date.now();
    let entry = this.known.get(key);
    if (entry && now - entry.checked > FRESH_MS) {
      if ([...entry.read].some(([f, mtime]) => mtimeOf(f) !== mtime)) entry = undefined;
      else entry.checked = now;
    }
    if (!entry) {
      const read = new Map<string, number>();
      entry = { read, value: load(read), checked: now };
      this.known.set(key, entry);
    }
    return entry.value;
  }
}

/** A folder pattern matches at most this many folders (a `**` walk stops there too). */
const MAX_FOLDERS = 2000;

/** The folders under `base` a workspace pattern names: literal segments, `*` (one folder) and
 * `**` (any depth), node_modules never. The folders listed go into `read` (a package added or
 * removed changes its folder's time). */
export function foldersMatching(base: string, pattern: string, read: Map<string, number>): string[] {
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
