// How a JS/TS import names a workspace file, as Node and TypeScript resolve relative specifiers:
// the path as written, with a JS/TS extension added, a `.js`/`.mjs`/`.cjs` written in a TS
// import swapped for its TS source, and a folder's `index` file. Bare specifiers (`express`)
// are packages, not workspace code, unless tsconfig `paths` map them or they name a package of
// the monorepo (./workspacePackages).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceRef } from '../types';
import type { ResolverHost } from '../workspace/resolve';
import { aliasCandidates, pathAliasesFor } from './tsconfig';
import { packageCandidates, workspacePackagesFor } from './workspacePackages';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** Written extension -> the TypeScript sources it may stand for (`./x.js` compiled from `./x.ts`). */
const SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** The workspace file a specifier names from `fromFile`, if the index holds one: a relative
 * path, one the tsconfig `paths` of `fromFile` map (`@/lib/x`), or a package of its monorepo. */
export function resolveJsModule(fromFile: string, specifier: string, host: ResolverHost): string | undefined {
  // join, not resolve: the index keys files as they were given (absolute, or relative to the cwd).
  if (specifier.startsWith('.')) return moduleFile(path.join(path.dirname(fromFile), specifier), host);
  const aliases = pathAliasesFor(fromFile);
  const packages = workspacePackagesFor(fromFile);
  for (const target of [...(aliases ? aliasCandidates(aliases, specifier) : []), ...(packages ? packageCandidates(packages, specifier) : [])]) {
    const found = moduleFile(path.isAbsolute(fromFile) ? target : path.relative(process.cwd(), target), host);
    if (found) return found;
  }
  return undefined;
}

/** Files on disk, for deciding at extraction (before any index exists) whether a bare import
 * names a file under the tsconfig baseUrl. Remembered for a moment: a file can be created later. */
const onDisk = new Map<string, { exists: boolean; at: number }>();
const ON_DISK_FOR_MS = 2000;
const DISK: ResolverHost = {
  hasFile: (file) => {
    const now = Date.now();
    let known = onDisk.get(file);
    if (!known || now - known.at > ON_DISK_FOR_MS) {
      let exists = false;
      try {
        exists = fs.statSync(file).isFile();
      } catch {
        // not there
      }
      onDisk.set(file, (known = { exists, at: now }));
    }
    return known.exists;
  },
  roots: [],
};

/** True when a module path names a file on disk (with an added extension or as a folder's index). */
export function isModuleOnDisk(modulePath: string): boolean {
  return moduleFile(modulePath, DISK) !== undefined;
}

/** The file a module path without or with an extension stands for, as Node and TypeScript look. */
function moduleFile(base: string, host: ResolverHost): string | undefined {
  if (host.hasFile(base)) return base;
  const written = path.extname(base);
  for (const ext of SOURCE_FOR[written] ?? []) {
    const candidate = base.slice(0, -written.length) + ext;
    if (host.hasFile(candidate)) return candidate;
  }
  for (const ext of EXTENSIONS) if (host.hasFile(base + ext)) return base + ext;
  for (const ext of EXTENSIONS) {
    const index = path.join(base, `index${ext}`);
    if (host.hasFile(index)) return index;
  }
  return undefined;
}

/** Candidate (file, name inside the file) pairs for a reference made in `fromFile`. */
export function resolveJsRef(fromFile: string, ref: WorkspaceRef, host: ResolverHost): Array<{ file: string; name: string }> {
  if (ref.module === undefined) return [{ file: fromFile, name: ref.name }];
  const file = resolveJsModule(fromFile, ref.module, host);
  return file ? [{ file, name: ref.name }] : [];
}
