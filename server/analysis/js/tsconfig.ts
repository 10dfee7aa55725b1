// Import aliases from the nearest tsconfig.json (or jsconfig.json), as TypeScript resolves them:
// `compilerOptions.paths` (`"@/*": ["src/*"]`, relative to `baseUrl` when set), then `baseUrl`
// itself (`import x from 'lib/x'` with `"baseUrl": "src"`), so such imports name workspace files.
// `extends` is followed when it is a relative path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from '../../files/readLimited';
import { mtimeOf, nearestUp, type NearestKnown } from '../workspace/folderPatterns';

export interface PathAliases {
  /** `paths` patterns in their order: a prefix and a suffix around at most one `*`. */
  patterns: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>;
  /** The folder `paths` targets are relative to (baseUrl, else the folder of the config with `paths`). */
  pathsBase: string;
  /** Non-relative imports no pattern matches are looked up here. */
  baseUrl?: string;
  /** Identifies these aliases (a facts cache entry depends on them). */
  signature: string;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** Folder -> its nearest config (null: none up to the root). */
const configOfFolder: NearestKnown = new Map();
/** Config -> its aliases, with the modification times of the files they were read from (the
 * config and those it extends): the language server outlives edits. */
const aliasesOfConfigFile = new Map<string, { read: Map<string, number>; aliases: PathAliases | null }>();


/** The aliases that apply to `file`, or undefined when its nearest config has none. */
export function pathAliasesFor(file: string): PathAliases | undefined {
  const config = nearestConfig(path.dirname(path.resolve(file)));
  if (!config) return undefined;
  let known = aliasesOfConfigFile.get(config);
  if (!known || [...known.read].some(([f, mtime]) => mtimeOf(f) !== mtime)) {
    const read = new Map<string, number>();
    aliasesOfConfigFile.set(config, (known = { read, aliases: aliasesOfConfig(config, read) }));
  }
  return known.aliases ?? undefined;
}

function nearestConfig(dir: string): string | null {
  return nearestUp(dir, configOfFolder, (d) => CONFIG_NAMES.map((n) => path.join(d, n)).find((f) => fs.existsSync(f)));
}

interface CompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

/** baseUrl and paths of a config, with those it extends (each made absolute where it is written;
 * a key is present only when some config sets it, so a later config's keys override). */
function optionsOf(config: string, read: Map<string, number>, depth = 0): { baseUrl?: string; paths?: Record<string, string[]>; pathsDir?: string } {
  read.set(config, mtimeOf(config));
  const json = readJsonc(config) as { extends?: string | string[]; compilerOptions?: CompilerOptions } | undefined;
  if (!json) return {};
  const dir = path.dirname(config);
  let inherited: ReturnType<typeof optionsOf> = {};
  for (const base of ([] as string[]).concat(json.extends ?? [])) {
    if (depth < 8 && typeof base === 'string' && base.startsWith('.')) {
      const file = path.resolve(dir, base.endsWith('.json') ? base : `${base}.json`);
      if (fs.existsSync(file)) inherited = { ...inherited, ...optionsOf(file, read, depth + 1) };
    }
  }
  const own = json.compilerOptions ?? {};
  return {
    ...inherited,
    ...(typeof own.baseUrl === 'string' ? { baseUrl: path.resolve(dir, own.baseUrl) } : {}),
    ...(own.paths && typeof own.paths === 'object' ? { paths: own.paths, pathsDir: dir } : {}),
  };
}

function aliasesOfConfig(config: string, read: Map<string, number>): PathAliases | null {
  const { baseUrl, paths, pathsDir } = optionsOf(config, read);
  if (!paths && !baseUrl) return null;
  const patterns = Object.entries(paths ?? {})
    .filter(([, targets]) => Array.isArray(targets))
    .map(([pattern, targets]) => {
      const star = pattern.indexOf('*');
      return {
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.filter((t): t is string => typeof t === 'string'),
      };
    });
  const pathsBase = baseUrl ?? pathsDir ?? path.dirname(config);
  return { patterns, pathsBase, baseUrl, signature: JSON.stringify([pathsBase, paths, baseUrl]) };
}

/** Where a non-relative specifier may point in the workspace, as TypeScript looks: the targets of
 * the `paths` pattern with the longest prefix that matches it, in their order; when none
 * matches, the specifier under baseUrl. Paths as written (an extension may be added). */
export function aliasCandidates(aliases: PathAliases, specifier: string): string[] {
  const best = matchingPattern(aliases, specifier);
  if (!best) return aliases.baseUrl ? [path.resolve(aliases.baseUrl, specifier)] : [];
  const captured = best.wildcard ? specifier.slice(best.prefix.length, specifier.length - best.suffix.length) : '';
  return best.targets.map((t) => path.resolve(aliases.pathsBase, t.replace('*', captured)));
}

function matchingPattern(aliases: PathAliases, specifier: string): PathAliases['patterns'][number] | undefined {
  let best: PathAliases['patterns'][number] | undefined;
  for (const p of aliases.patterns) {
    const matches = p.wildcard
      ? specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix) && specifier.length >= p.prefix.length + p.suffix.length
      : specifier === p.prefix;
    if (matches && (!best || p.prefix.length > best.prefix.length)) best = p;
  }
  return best;
}

/** True when a non-relative specifier names a workspace file, not a package: it matches a
 * `paths` pattern, or a file `exists` under baseUrl for it. */
export function isAliased(aliases: PathAliases | undefined, specifier: string, exists: (modulePath: string) => boolean): boolean {
  if (!aliases || specifier.startsWith('.')) return false;
  if (matchingPattern(aliases, specifier)) return true;
  return !!aliases.baseUrl && exists(path.resolve(aliases.baseUrl, specifier));
}

/** tsconfig.json allows comments and trailing commas. Undefined when it does not parse. */
function readJsonc(file: string): unknown {
  const text = readConfigText(file);
  if (text === undefined) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}
