// `npm run fuzz`: the language server fuzz test alone, for FUZZ_SECONDS (default 600) seconds;
// FUZZ_SEED=N replays the sequences of a run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, FUZZ_SECONDS: process.env.FUZZ_SECONDS ?? '600' };
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const r = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', 'spec', join(root, 'out', 'test', 'lsp', 'fuzz.test.js')], { cwd: root, env, stdio: 'inherit' });
process.exitCode = r.status ?? 1;
