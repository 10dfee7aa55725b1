// Which files `boundwise lint` reads: the paths given (files always; folders walked), skipping
// dependencies, virtualenvs, build output and what .gitignore excludes.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile } from '../../server/analysis/engine';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', 'site-packages', 'dist', 'build', 'out', '.next', 'coverage']);

export class MissingPathError extends Error {}

function skippedDir(dir: string): boolean {
  return SKIPPED_DIRS.has(path.basename(dir)) || fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** Files git would track under `dir` (tracked or untracked, not ignored), or undefined outside git. */
function gitFiles(dir: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return out.split('\0').filter(Boolean).map((f) => path.join(dir, f));
  } catch {
    return undefined;
  }
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDir(full)) walk(full, out);
    } else if (entry.isFile() && languageOfFile(entry.name)) out.push(full);
  }
}

/** True when no folder between `root` and `file` is one we skip. */
function outsideSkippedDirs(root: string, file: string): boolean {
  let dir = path.dirname(file);
  while (dir.length > root.length) {
    if (skippedDir(dir)) return false;
    dir = path.dirname(dir);
  }
  return true;
}

export function collectFiles(paths: string[]): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new MissingPathError(`path not found: ${given}`);
    }
    if (stat.isFile()) {
      files.add(full);
      continue;
    }
    const listed = gitFiles(full);
    if (listed) {
      for (const f of listed) if (languageOfFile(f) && outsideSkippedDirs(full, f) && fs.existsSync(f)) files.add(f);
    } else {
      const walked: string[] = [];
      walk(full, walked);
      for (const f of walked) files.add(f);
    }
  }
  return [...files].sort();
}
