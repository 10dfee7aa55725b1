// Files the profiler runs inside the user's interpreter (the Python sampler, the Node preload).
// Bundled code finds them in dist/assets/; compiled tests (out/) fall back to src/profile/assets/.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function assetPath(name: string): string {
  const beside = path.join(__dirname, 'assets', name);
  if (fs.existsSync(beside)) return beside;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'src', 'profile', 'assets', name);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`Boundwise asset missing: ${name}`);
}

/** Boundwise's own code inside a profiled Node process (the preload and the server probe): its
 * frames are neither the user's nor a library's. */
export const PROFILER_NODE_FILE = /[\\/](node-preload|server-probe)\.js$/;
