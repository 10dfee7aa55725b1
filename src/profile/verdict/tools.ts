// Tools and libraries whose own code can hold a run's computing, and the switch each offers to
// spread it (data: teaching Boundwise one more tool is one more row).
import type { Measurement } from '../model';
import { profilesOf, treeIndex } from '../stacks';
import { PROFILER_FILE } from './evidence';

export interface Tool {
  /** What the user knows it as. */
  name: string;
  /** Its own way to use more cores or do less work, when it has one. */
  switch?: string;
}

const TOOLS: Array<{ file: RegExp } & Tool> = [
  { file: /[\\/]node_modules[\\/]typescript[\\/]/, name: 'TypeScript (tsc)', switch: '`tsc --build` over project references (or `--incremental`) checks only what changed, and each referenced project can be built in its own process; one program check does not split over cores' },
  { file: /[\\/]node_modules[\\/](eslint|@eslint)[\\/]/, name: 'ESLint', switch: '`eslint --concurrency auto` lints files on worker threads (ESLint 9.34 and later) and `--cache` skips unchanged files; with few cores its workers can cost more than they save' },
  { file: /[\\/]node_modules[\\/](jest|jest-[\w-]+|@jest)[\\/]/, name: 'Jest', switch: '`jest -w N` (`--maxWorkers`) sets how many worker processes run the tests' },
  { file: /[\\/]node_modules[\\/]mocha[\\/]/, name: 'Mocha', switch: '`mocha --parallel` (with `--jobs N`) runs test files in worker processes' },
  { file: /[\\/]compileall\.py$/, name: 'compileall', switch: '`python -m compileall -j 0` compiles with one worker process per core' },
  { file: /[\\/](_pytest|pytest|pluggy)[\\/]/, name: 'pytest', switch: '`pytest -n auto` (the pytest-xdist plugin) runs the tests on one process per core' },
  { file: /[\\/]python3?\.?\d*[\\/]json[\\/]/, name: "the standard library's json module" },
];

const PACKAGE = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]|[\\/](?:site|dist)-packages[\\/]([^\\/]+)[\\/]|[\\/]python3\.\d+[\\/]([^\\/]+?)(?:\.py)?(?:[\\/]|$)/;

/** A library file's package or module: "eslint", "numpy", "json". */
export function packageOf(file: string): string | undefined {
  const m = PACKAGE.exec(file);
  return m ? (m[1] ?? m[2] ?? m[3]).replace(/\\/g, '/') : undefined;
}

/**
 * The tool or library the run's computing sat in when it was not reached through the user's code:
 * the script itself when it is a library's file (tsc.js, json/tool.py), else the outermost
 * library frame of the on-CPU samples without a user frame, weighted by time.
 */
export function toolOf(m: Measurement): (Tool & { file: string; package?: string }) | undefined {
  const user = new Set(m.userFiles);
  const time = new Map<string, number>();
  if (!user.has(m.script)) time.set(m.script, Infinity);
  else {
    for (const { profile, weightsMs, onCpu } of profilesOf(m)) {
      const { byId, parent } = treeIndex(profile);
      profile.samples.forEach((id, i) => {
        if (!onCpu[i]) return;
        let outer: string | undefined;
        for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
          const url = byId.get(n)?.callFrame.url ?? '';
          if (user.has(url)) return; // reached through the user's code
          if (url && !url.startsWith('node:') && !url.startsWith('internal/') && !url.startsWith('<') && !PROFILER_FILE.test(url)) outer = url;
        }
        if (outer) time.set(outer, (time.get(outer) ?? 0) + (weightsMs[i] ?? 0));
      });
    }
  }
  const file = [...time.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!file) return undefined;
  const known = TOOLS.find((t) => t.file.test(file));
  const pkg = packageOf(file);
  return { file, package: pkg, name: known?.name ?? pkg ?? file, ...(known?.switch ? { switch: known.switch } : {}) };
}
