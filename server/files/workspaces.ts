// Monorepo workspaces, as the package managers declare them in the workspace's top folder: npm and
// yarn `workspaces` in package.json (a list, or `{ "packages": [...] }`), pnpm's
// pnpm-workspace.yaml `packages`, lerna.json `packages` (`packages/*` when it names none). A
// package belongs to the workspace when one of the patterns names its folder and no `!` pattern
// does. Only these files are read; no package manager is run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from './readLimited';

/** A workspace pattern as a regular expression over a folder's path relative to the workspace's
 * top folder: `*` one folder name (or part of one), `**` any folders, `{a,b}` either. */
function patternRegExp(pattern: string): RegExp {
  const glob = pattern.replace(/^\.\//, '').replace(/\/+$/, '').replace(/\/package\.json$/, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (glob.startsWith('**/', i)) (out += '(?:.*/)?'), (i += 2);
    else if (glob.startsWith('**', i)) (out += '.*'), (i += 1);
    else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') (out += '(?:'), braces++;
    else if (ch === '}' && braces > 0) (out += ')'), braces--;
    else if (ch === ',' && braces > 0) out += '|';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []);

function readJson(file: string): Record<string, unknown> | undefined {
  const text = fs.existsSync(file) ? readConfigText(file) : undefined;
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // a file that does not parse declares no workspace
  }
}

/** The `packages` list of a pnpm-workspace.yaml: block (`- 'apps/*'`) or flow (`[a, b]`) style. */
export function pnpmWorkspacePackages(text: string): string[] {
  const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) {
      const flow = /^packages\s*:\s*\[(.*)\]\s*$/.exec(line);
      if (flow) out.push(...flow[1].split(',').map(unquote).filter(Boolean));
      inPackages = !flow && /^packages\s*:\s*$/.test(line);
      continue;
    }
    const item = inPackages ? /^\s*-\s*(.+?)\s*$/.exec(line) : null;
    if (item) out.push(unquote(item[1]));
  }
  return out;
}

/** The workspace patterns declared in the folder `dir` (empty when it declares none). */
export function workspacePatterns(dir: string): string[] {
  const manifest = readJson(path.join(dir, 'package.json'));
  const workspaces = manifest?.workspaces;
  const patterns = Array.isArray(workspaces) ? strings(workspaces) : strings((workspaces as { packages?: unknown } | undefined)?.packages);
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  const pnpmText = fs.existsSync(pnpm) ? readConfigText(pnpm) : undefined;
  if (pnpmText !== undefined) patterns.push(...pnpmWorkspacePackages(pnpmText));
  const lerna = readJson(path.join(dir, 'lerna.json'));
  if (lerna) patterns.push(...(lerna.packages === undefined ? ['packages/*'] : strings(lerna.packages)));
  return patterns;
}

/** Whether `patterns` (relative to `top`) name the folder `packageDir`. */
export function namesPackage(patterns: readonly string[], top: string, packageDir: string): boolean {
  const relative = path.relative(top, packageDir).split(path.sep).join('/');
  const matches = (p: string) => patternRegExp(p).test(relative);
  return patterns.some((p) => !p.startsWith('!') && matches(p)) && !patterns.some((p) => p.startsWith('!') && matches(p.slice(1)));
}

/** The top folder of the workspace whose patterns name the package folder `packageDir`: the
 * nearest such folder above it, within its repository (the search stops at the folder holding
 * `.git`) and below the file system's root. */
export function workspaceRootOf(packageDir: string): string | undefined {
  for (let dir = path.dirname(packageDir); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const patterns = workspacePatterns(dir);
    if (patterns.length && namesPackage(patterns, dir, packageDir)) return dir;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
  }
  return undefined;
}
