// The facts of unchanged files from earlier `boundwise lint` runs, so a file is parsed again only
// when its text changes (as ruff's and ESLint's caches do). One file in the cache folder holds
// every entry, keyed by path and content hash, valid for one build of the analyzer; the folder
// carries its own `.gitignore`. A cache that cannot be read is ignored; one that cannot be written
// costs only speed, and the caller hears why once.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as zlib from 'node:zlib';
import type { SourceFacts } from './types';

interface Entry {
  hash: string;
  facts: SourceFacts;
}

interface Stored {
  build: string;
  entries: Map<string, Entry>;
}

const CACHE_FILE = 'facts.v8.gz';

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Identifies the analyzer that wrote a cache: its version and the code that made the facts. */
export function analyzerBuild(version: string): string {
  // In the bundled CLI this file is the whole analyzer, so any rebuild starts a new cache.
  const code = fs.statSync(__filename);
  return `${version}:${code.size}:${code.mtimeMs}`;
}

export class FactsCache {
  private changed = false;

  private constructor(
    readonly dir: string,
    private readonly build: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** The cache in `dir` when it was written by this build, else an empty one. */
  static open(dir: string, build: string): FactsCache {
    try {
      const stored = v8.deserialize(zlib.gunzipSync(fs.readFileSync(path.join(dir, CACHE_FILE)))) as Stored;
      if (stored.build === build && stored.entries instanceof Map) return new FactsCache(dir, build, stored.entries);
    } catch {
      // Missing, unreadable or from another Node version: start empty.
    }
    return new FactsCache(dir, build, new Map());
  }

  get(file: string, hash: string): SourceFacts | undefined {
    const entry = this.entries.get(file);
    return entry?.hash === hash ? entry.facts : undefined;
  }

  set(file: string, hash: string, facts: SourceFacts): void {
    this.entries.set(file, { hash, facts });
    this.changed = true;
  }

  /** Writes the cache when something changed; throws when the folder cannot be written. */
  save(): void {
    if (!this.changed) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const ignore = path.join(this.dir, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by boundwise lint.\n*\n');
    const temp = path.join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
    fs.writeFileSync(temp, zlib.gzipSync(v8.serialize({ build: this.build, entries: this.entries } satisfies Stored), { level: 1 }));
    fs.renameSync(temp, path.join(this.dir, CACHE_FILE));
    this.changed = false;
  }
}
