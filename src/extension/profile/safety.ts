// Which files a report may open. The page posts {type:'open', file, line} with whatever path its
// markup carried; a webview is not trusted to name arbitrary files, so only the profiled script and
// files inside an open workspace folder are opened. Plain path logic, no `vscode` (unit-tested).
import * as path from 'node:path';

/** Whether `file` is `folder` or lies under it (both absolute). */
export function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The absolute, normalised file to open, or undefined when the report may not open it. */
export function openableFile(file: unknown, allowed: { script: string; workspaceFolders: readonly string[] }): string | undefined {
  if (typeof file !== 'string' || file.length === 0 || file.includes('\0')) return undefined;
  if (!path.isAbsolute(file)) return undefined;
  const resolved = path.resolve(file);
  if (resolved === path.resolve(allowed.script)) return resolved;
  return allowed.workspaceFolders.some((folder) => inside(path.resolve(folder), resolved)) ? resolved : undefined;
}

/** A 1-based line from the page, clamped to a sane value. */
export function lineFrom(value: unknown): number {
  const n = typeof value === 'number' ? Math.floor(value) : NaN;
  return Number.isFinite(n) && n >= 1 ? n : 1;
}
