// The promise-returning twin of a blocking Node call, when one takes the same arguments: what the
// `async-api` quick fix (./fixes) rewrites the call into. Data, read by the BLOCKING rules to say
// whether a finding offers that fix.
import { FS_PROMISE_TWINS } from './catalogue';

export type AsyncTwin =
  /** `fs.readFileSync(a)` -> `await fs.promises.readFile(a)`. */
  | { kind: 'fs-promises'; name: string }
  /** `execSync(a)` -> `(await promisify(exec)(a)).stdout`. */
  | { kind: 'promisified'; module: string; name: string; result: string };

export function jsAsyncTwin(target: string): AsyncTwin | undefined {
  const fs = /^fs\.(\w+)Sync$/.exec(target);
  if (fs && FS_PROMISE_TWINS.has(fs[1])) return { kind: 'fs-promises', name: fs[1] };
  if (target === 'child_process.execSync') return { kind: 'promisified', module: 'child_process', name: 'exec', result: 'stdout' };
  if (target === 'child_process.execFileSync') return { kind: 'promisified', module: 'child_process', name: 'execFile', result: 'stdout' };
  return undefined;
}
