// `npm run test:rule -- BW103 [BW110 ...]`: only those rules' fixture tests, Python and JS/TS
// (test/unit/python/fixtures.test.ts, test/unit/js/fixtures.test.ts), after a transpile without
// type-checking (scripts/transpile.mjs). A code may be a prefix (`BW1`); no code runs every rule's
// fixtures. `UPDATE_SNAPSHOTS=1 npm run test:rule -- BW103` rewrites those snapshots for review.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const codes = process.argv.slice(2).map((c) => c.toUpperCase());
const bad = codes.find((c) => !/^BW\d{1,3}$/.test(c));
if (bad) {
  console.error(`test:rule: '${bad}' is not a rule code or prefix (BW103, BW1). Usage: npm run test:rule -- BW103 [BW110 ...]`);
  process.exit(2);
}

const step = (command, args, env = process.env) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(process.execPath, [join(root, 'scripts', 'transpile.mjs')]);
step(
  process.execPath,
  [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '30000', 'out/test/unit/python/fixtures.test.js', 'out/test/unit/js/fixtures.test.js'],
  { ...process.env, BOUNDWISE_RULES: codes.join(',') },
);
