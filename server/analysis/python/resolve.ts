// How a Python import names a workspace file: `.helpers` relative to the importing file's package,
// `pkg.helpers` from the importing file's folder (a script's sys.path[0]), the root of its package,
// a workspace root, its `src` folder or a uv workspace member (./importRoots). A reference whose split between module and name is unknown
// (`import a.b` then `a.b.f()`) is tried with the longest module first.
import * as path from 'node:path';
import type { WorkspaceRef } from '../types';
import { importRootsFor } from './importRoots';
import type { ResolverHost } from '../workspace/resolve';

/** The folder that holds the top package of `file` (walking up while `__init__.py` exists). */
function packageRoot(file: string, host: ResolverHost): string {
  let dir = path.dirname(file);
  while (host.hasFile(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function moduleFile(base: string, parts: string[], host: ResolverHost): string | undefined {
  const stem = path.join(base, ...parts);
  for (const candidate of [`${stem}.py`, path.join(stem, '__init__.py'), `${stem}.pyi`]) if (host.hasFile(candidate)) return candidate;
  return undefined;
}

/** Candidate (file, name inside the file) pairs for a reference made in `fromFile`, best first. */
export function resolvePythonRef(fromFile: string, ref: WorkspaceRef, host: ResolverHost): Array<{ file: string; name: string }> {
  if (ref.module === undefined) return [{ file: fromFile, name: ref.name }];
  const dots = /^\.*/.exec(ref.module)![0].length;
  const moduleParts = ref.module.slice(dots).split('.').filter(Boolean);
  const nameParts = ref.name ? ref.name.split('.') : [];
  const all = [...moduleParts, ...nameParts];
  let bases: string[];
  if (dots > 0) {
    let base = path.dirname(fromFile);
    for (let i = 1; i < dots; i++) base = path.dirname(base);
    bases = [base];
  } else {
    bases = [...new Set([path.dirname(fromFile), packageRoot(fromFile, host), ...host.roots, ...importRootsFor(fromFile, host.roots)])];
  }
  const out: Array<{ file: string; name: string }> = [];
  // At least the module parts as written; more when the name starts with submodules.
  for (let k = all.length; k >= Math.max(moduleParts.length, dots > 0 ? 0 : 1); k--) {
    for (const base of bases) {
      const file = k === 0 ? (host.hasFile(path.join(base, '__init__.py')) ? path.join(base, '__init__.py') : undefined) : moduleFile(base, all.slice(0, k), host);
      if (file) out.push({ file, name: all.slice(k).join('.') });
    }
  }
  return out;
}
