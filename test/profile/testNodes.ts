// The newer Node.js binaries scripts/test-nodes.sh unpacks (npm test runs it first), for the tests
// that must hold on every supported Node, not only the one running the tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CACHE = process.env.BOUNDWISE_TEST_NODES ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'boundwise-test-nodes');

/** The binaries found, by version, oldest first; empty off Linux x86-64 (the script fetches none). */
export function newerNodes(): Array<{ version: string; binary: string }> {
  let versions: string[];
  try {
    versions = fs.readdirSync(CACHE);
  } catch {
    return [];
  }
  return versions
    .map((version) => ({ version, binary: path.join(CACHE, version, 'bin', 'node') }))
    .filter((n) => fs.existsSync(n.binary))
    .sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

export const FETCHES_TEST_NODES = process.platform === 'linux' && process.arch === 'x64';
