// The facts of unchanged files from earlier `boundwise lint` runs, so a file is parsed again only
// when its text changes (as ruff's and ESLint's caches do). One file in the cache folder holds
// every entry, keyed by path and content hash, valid for one build of the analyzer; the folder
// carries its own `.gitignore`. A cache that cannot be read is ignored; one that cannot be written
// costs only speed, and the caller hears why once. A cache may come with the workspace (committed,
// or planted): it is read only as a regular file, inflated only up to a bound (a gzip bomb), and
// each entry is checked to have the shape of facts before it is used.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as zlib from 'node:zlib';
import { readRegularBytes } from '../files/readLimited';
import { LANGUAGE_IDS } from './languages';
import { isRange, type SourceFacts } from './types';

interface Entry {
  hash: string;
  facts: SourceFacts;
}

interface Stored {
  build: string;
  entries: Map<string, Entry>;
}

const CACHE_FILE = 'facts.v8.gz';
/** Bounds of a cache file, compressed and inflated: a real one is a few MB for a thousand files
 * (and compresses about 6:1); an 18 MB gzip bomb would otherwise inflate to 4 GB. */
const MAX_COMPRESSED_BYTES = 64_000_000;
const MAX_INFLATED_BYTES = 256_000_000;

/** An optional list (rules treat a missing one as empty) of objects with a range. */
const isRangedList = (x: unknown, required = false) => (x === undefined && !required) || (Array.isArray(x) && x.every((item) => isRange((item as { range?: unknown })?.range)));

/** Whether a deserialised entry has the shape the rules read for `file` (a planted or damaged cache
 * could hold anything v8.serialize can write). */
function isEntryOf(file: string, entry: unknown): entry is Entry {
  const e = entry as Partial<Entry> | undefined;
  const f = e?.facts as Partial<SourceFacts> | undefined;
  return (
    typeof e?.hash === 'string' &&
    !!f &&
    f.file === file &&
    LANGUAGE_IDS.has(f.language as string) &&
    isRangedList(f.functions, true) &&
    isRangedList(f.calls, true) &&
    Array.isArray(f.syntaxErrors) &&
    f.syntaxErrors.every(isRange) &&
    f.suppressions instanceof Map &&
    [...f.suppressions.values()].every((codes) => codes instanceof Set) &&
    isRangedList(f.loops) &&
    isRangedList(f.awaits) &&
    isRangedList(f.handoffs) &&
    (f.importedModules === undefined || (Array.isArray(f.importedModules) && f.importedModules.every((m) => typeof m === 'string'))) &&
    (f.deferredNames === undefined || (Array.isArray(f.deferredNames) && f.deferredNames.every((n) => typeof n === 'string')))
  );
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Identifies the analyzer that wrote a cache: its version and the code that made the facts. */
export function analyzerBuild(version: string): string {
  // In the bundled CLI this file is the whole analyzer, so any rebuild starts a new cache.
  const code = fs.statSync(__filename);
  return `${version}:${code.size}:${code.mtimeMs}`;
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export class FactsCache {
  private changed = false;

  private constructor(
    readonly dir: string,
    private readonly build: string,
    private readonly entries: Map<string, Entry>,
    /** Why a cache file that exists could not be used (the run then parses every file). */
    readonly problem?: string,
  ) {}

  /** The cache in `dir` when it was written by this build, else an empty one (with the reason
   * when a cache file was there but could not be used). */
  static open(dir: string, build: string): FactsCache {
    const read = readRegularBytes(path.join(dir, CACHE_FILE), MAX_COMPRESSED_BYTES);
    if (!('bytes' in read)) return new FactsCache(dir, build, new Map(), read.missing ? undefined : `${CACHE_FILE} ${read.problem}`);
    let stored: Partial<Stored>;
    try {
      stored = v8.deserialize(zlib.gunzipSync(read.bytes, { maxOutputLength: MAX_INFLATED_BYTES })) as Partial<Stored>;
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return new FactsCache(dir, build, new Map(), tooLarge ? `${CACHE_FILE} inflates to more than ${MAX_INFLATED_BYTES / 1_000_000} MB` : `${CACHE_FILE} could not be decoded: damaged, or written by another Node.js version`);
    }
    // Written by another build (or another Node version): start empty, without a word.
    if (stored?.build !== build || !(stored.entries instanceof Map)) return new FactsCache(dir, build, new Map());
    return new FactsCache(dir, build, stored.entries);
  }

  get(file: string, hash: string): SourceFacts | undefined {
    const entry: unknown = this.entries.get(file);
    if (entry === undefined) return undefined;
    if (!isEntryOf(file, entry)) {
      this.entries.delete(file);
      return undefined;
    }
    return entry.hash === hash ? entry.facts : undefined;
  }

  set(file: string, hash: string, facts: SourceFacts): void {
    this.entries.set(file, { hash, facts });
    this.changed = true;
  }

  /** Writes the cache when something changed; throws when the folder cannot be written. */
  save(): void {
    if (!this.changed) return;
    fs.mkdirSync(this.dir, { recursive: true });
    // The folder may come with the workspace: never write through a symbolic link it planted (a
    // link named like our files would make us create or overwrite its target).
    if (fs.lstatSync(this.dir).isSymbolicLink()) throw new Error('the cache folder is a symbolic link');
    const ignore = path.join(this.dir, '.gitignore');
    if (!fs.existsSync(ignore) && !isLink(ignore)) fs.writeFileSync(ignore, '# Written by boundwise lint.\n*\n', { flag: 'wx' });
    const temp = path.join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
    fs.rmSync(temp, { force: true }); // a leftover (or a planted link): removed, not followed
    fs.writeFileSync(temp, zlib.gzipSync(v8.serialize({ build: this.build, entries: this.entries } satisfies Stored), { level: 1 }), { flag: 'wx' });
    fs.renameSync(temp, path.join(this.dir, CACHE_FILE));
    this.changed = false;
  }
}
