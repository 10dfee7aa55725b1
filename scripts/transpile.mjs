// Emits out/ the way `npm run compile` does (same layout, CommonJS, source maps), but with esbuild
// and without type-checking: about a second instead of tsc's half a minute, for the fast test
// loops (`npm run test:fast`, `npm run test:rule`). Types are still checked by `npm run compile`,
// which CI runs.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Not compiled: test inputs written in TypeScript, and the end-to-end workspace. */
const SKIPPED = ['test/fixtures', 'test/e2e/fixtures'];

function typescriptUnder(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((file) => !SKIPPED.some((skip) => file.startsWith(skip + '/')));
}

const entryPoints = [...['src', 'server', 'test'].flatMap(typescriptUnder), ...typescriptUnder('scripts').filter((f) => dirname(f) === 'scripts')];
await build({ absWorkingDir: root, entryPoints, outdir: 'out', outbase: '.', format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' });
// src/cli/main.ts imports ../../package.json, which tsc emits beside the code.
mkdirSync(join(root, 'out'), { recursive: true });
copyFileSync(join(root, 'package.json'), join(root, 'out', 'package.json'));
