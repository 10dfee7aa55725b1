// Project configuration (docs/configuration.md): `.boundwise.json`, `"boundwise"` in package.json, or
// `[tool.boundwise]` in pyproject.toml, the nearest one above the analysed file. It sets severity
// per code, `select`/`ignore`, `per-file-ignores` (codes ignored in the files a pattern names,
// ./pathGlobs), extra blocking calls, and which files are read at all (`exclude`,
// `extend-exclude`, `force-exclude`: fileSelectionIn, used by ../files/exclusions). Editor
// settings and CLI flags are merged on top (mergeOptions). Files are re-read when their
// modification time changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from '../files/readLimited';
import type { AnalysisOptions } from './engine';
import { matchesFilePattern } from './pathGlobs';
import type { Severity } from './types';

export interface ProjectConfig extends AnalysisOptions {
  /** The file the configuration came from. */
  source?: string;
}

/** A configuration file's settings: the analysis options, and the codes ignored in the files a
 * pattern names (`per-file-ignores`, patterns relative to the file's folder). */
interface FileSettings extends AnalysisOptions {
  perFileIgnores?: Record<string, string[]>;
  /** Patterns of files and folders not read; replaces the default list. */
  exclude?: string[];
  /** Patterns not read, on top of `exclude` (or the default list). */
  extendExclude?: string[];
  /** Whether the exclusions apply to paths named on the command line too. */
  forceExclude?: boolean;
}

/** Which files a configuration lets Boundwise read, for the files under its folder. */
export interface FileSelection {
  /** The folder of the configuration file (patterns are relative to it); undefined without one. */
  base?: string;
  /** The configuration file. */
  source?: string;
  /** The `exclude` patterns; undefined: the default list applies. */
  exclude?: string[];
  extendExclude: string[];
  forceExclude: boolean;
}

/** The severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
/** The values a severity setting may take, in every place that sets one. */
export const SEVERITY_VALUES: ReadonlySet<string> = new Set([...SEVERITIES, 'off']);
const CODE = /^BW\d{1,3}$/i;

/** Validates a raw configuration object; unknown keys and bad values are dropped, not fatal. */
export function normalizeConfig(raw: unknown): FileSettings {
  if (!raw || typeof raw !== 'object') return {};
  const v = raw as Record<string, unknown>;
  const out: FileSettings = {};
  const severity = v.severity;
  if (severity && typeof severity === 'object') {
    const entries = Object.entries(severity as Record<string, unknown>).filter(([code, s]) => CODE.test(code) && typeof s === 'string' && SEVERITY_VALUES.has(s));
    if (entries.length) out.severity = Object.fromEntries(entries.map(([c, s]) => [c.toUpperCase(), s as Severity | 'off']));
  }
  const codes = (x: unknown): string[] | undefined => {
    const list = typeof x === 'string' ? x.split(',') : Array.isArray(x) ? x : undefined;
    const clean = list?.filter((c): c is string => typeof c === 'string' && /^BW\d{0,3}$/i.test(c.trim())).map((c) => c.trim().toUpperCase());
    return clean?.length ? clean : undefined;
  };
  const select = codes(v.select);
  const ignore = codes(v.ignore);
  if (select) out.select = select;
  if (ignore) out.ignore = ignore;
  const perFile = v['per-file-ignores'] ?? v.perFileIgnores ?? v.per_file_ignores;
  if (perFile && typeof perFile === 'object' && !Array.isArray(perFile)) {
    const entries = Object.entries(perFile as Record<string, unknown>).flatMap(([pattern, list]) => {
      const clean = codes(list);
      return pattern && clean ? [[pattern, clean] as const] : [];
    });
    if (entries.length) out.perFileIgnores = Object.fromEntries(entries);
  }
  const patterns = (x: unknown): string[] | undefined => {
    const list = typeof x === 'string' ? [x] : Array.isArray(x) ? x : undefined;
    return list?.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  };
  // `exclude = []` is kept: it says "exclude nothing, not even the defaults".
  const exclude = patterns(v.exclude);
  if (exclude) out.exclude = exclude;
  const extendExclude = patterns(v['extend-exclude'] ?? v.extendExclude ?? v.extend_exclude);
  if (extendExclude?.length) out.extendExclude = extendExclude;
  const force = v['force-exclude'] ?? v.forceExclude ?? v.force_exclude;
  // The pyproject reader keeps TOML's `true` as the text `true`.
  if (force === true || force === 'true') out.forceExclude = true;
  const extra = v.extraBlockingCalls ?? v['extra-blocking-calls'] ?? v.extra_blocking_calls;
  const calls: Record<string, string> = {};
  if (Array.isArray(extra)) {
    for (const name of extra) if (typeof name === 'string' && name) calls[name] = 'BW110';
  } else if (extra && typeof extra === 'object') {
    for (const [name, code] of Object.entries(extra as Record<string, unknown>)) calls[name] = typeof code === 'string' && CODE.test(code) ? code.toUpperCase() : 'BW110';
  }
  if (Object.keys(calls).length) out.extraBlockingCalls = calls;
  return out;
}

/** `[tool.boundwise]` of a pyproject.toml: the flat subset of TOML the settings need (strings,
 * arrays of strings, inline tables of those (`severity = { BW101 = "error" }`, `per-file-ignores =
 * { "tests/*" = ["BW101"] }`) or sub-tables such as `[tool.boundwise.per-file-ignores]`). */
export function parsePyprojectSection(text: string): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let table: Record<string, unknown> | undefined;
  let found = false;
  const value = (raw: string): unknown => {
    const s = raw.trim();
    if (s.startsWith('[')) return [...s.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
    if (s.startsWith('{')) {
      const obj: Record<string, unknown> = {};
      for (const m of s.matchAll(/(?:"([^"]+)"|'([^']+)'|([\w.-]+))\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*')/g)) obj[m[1] ?? m[2] ?? m[3]] = value(m[4]);
      return obj;
    }
    const q = /^["'](.*)["']$/.exec(s);
    return q ? q[1] : s;
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s+#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      if (name === 'tool.boundwise') (table = result), (found = true);
      else if (name.startsWith('tool.boundwise.')) {
        const sub: Record<string, unknown> = {};
        result[name.slice('tool.boundwise.'.length)] = sub;
        table = sub;
        found = true;
      } else table = undefined;
      continue;
    }
    if (!table) continue;
    // Keys bare (`select`) or quoted (`"tests/*.py"`, a per-file-ignores pattern).
    const kv = /^(?:"([^"]+)"|'([^']+)'|([\w.-]+))\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let raw = kv[4];
    // Arrays may span lines.
    while (raw.trim().startsWith('[') && !raw.includes(']') && i + 1 < lines.length) raw += lines[++i];
    table[kv[1] ?? kv[2] ?? kv[3]] = value(raw);
  }
  return found ? result : undefined;
}

interface Cached {
  mtimeMs: number;
  config: FileSettings | undefined;
}
const fileCache = new Map<string, Cached>();

/** The configuration a file holds (undefined when it holds none), cached by modification time. */
function readConfigFile(file: string): FileSettings | undefined {
  let stat: fs.Stats | undefined;
  try {
    // Most folders hold no configuration: asked for every folder a walk enters, a missing file
    // answers undefined rather than throwing (an exception costs more than the stat itself).
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined; // unreadable (no permission on the folder, a name too long)
  }
  if (!stat) {
    fileCache.delete(file);
    return undefined;
  }
  const cached = fileCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.config;
  // Only a regular file of a sane size: a FIFO would block the read forever.
  const text = readConfigText(file);
  let config: FileSettings | undefined;
  try {
    const base = path.basename(file);
    if (text === undefined) config = undefined;
    else if (base === '.boundwise.json') config = normalizeConfig(JSON.parse(text));
    else if (base === 'package.json') {
      const section = (JSON.parse(text) as { boundwise?: unknown }).boundwise;
      config = section === undefined ? undefined : normalizeConfig(section);
    } else {
      const section = parsePyprojectSection(text);
      config = section === undefined ? undefined : normalizeConfig(section);
    }
  } catch {
    config = undefined; // a broken file configures nothing rather than stopping the analysis
  }
  fileCache.set(file, { mtimeMs: stat.mtimeMs, config });
  return config;
}

/** The files that may hold a project configuration, in the order a folder's are looked at. */
export const CONFIG_FILES: readonly string[] = ['.boundwise.json', 'package.json', 'pyproject.toml'];

interface FoundConfig {
  settings: FileSettings;
  dir: string;
  source: string;
}

/** The configuration in the folder `dir` itself, the first of CONFIG_FILES that holds one. */
function configIn(dir: string): FoundConfig | undefined {
  for (const name of CONFIG_FILES) {
    const source = path.join(dir, name);
    const settings = readConfigFile(source);
    if (settings) return { settings, dir, source };
  }
  return undefined;
}

/** The nearest configuration at or above the folder `start` (the folder, then each parent). */
function nearestConfig(start: string): FoundConfig | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const found = configIn(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The nearest project configuration above `file` (its folder, then each parent). */
export function projectConfigFor(file: string): ProjectConfig {
  const found = nearestConfig(path.dirname(path.resolve(file)));
  if (!found) return {};
  const { perFileIgnores, exclude: _exclude, extendExclude: _extend, forceExclude: _force, ...options } = found.settings;
  const forFile = Object.entries(perFileIgnores ?? {}).flatMap(([pattern, list]) => (matchesFilePattern(pattern, path.resolve(file), found.dir) ? list : []));
  const ignore = [...(options.ignore ?? []), ...forFile];
  return { ...options, ...(ignore.length ? { ignore } : {}), source: found.source };
}

/** The file selection of the configuration in the folder `dir` itself (undefined when it holds
 * none): for the files under it, unless a deeper configuration has its own. */
export function fileSelectionIn(dir: string): FileSelection | undefined {
  const found = configIn(dir);
  if (!found) return undefined;
  const { settings, source } = found;
  return { base: dir, source, exclude: settings.exclude, extendExclude: settings.extendExclude ?? [], forceExclude: !!settings.forceExclude };
}

/** Options on top of a project configuration: severities merge per code, lists and extra calls
 * given on top replace or extend the project's. */
export function mergeOptions(base: AnalysisOptions, top: AnalysisOptions): AnalysisOptions {
  return {
    severity: { ...base.severity, ...top.severity },
    select: top.select?.length ? top.select : base.select,
    ignore: [...(base.ignore ?? []), ...(top.ignore ?? [])],
    extraBlockingCalls: { ...base.extraBlockingCalls, ...top.extraBlockingCalls },
  };
}
