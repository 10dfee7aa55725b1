// One build for every entry point: the extension client, the language server, the CLI and the
// profiler worker are bundled by esbuild into dist/; the wasm files ship beside the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readdirSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The files of 0x's flame-graph page that buildZeroXVisualizer writes into dist/assets. */
const ZERO_X_ASSETS = ['0x-visualizer.js', '0x-tachyons.css'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Entry points: [source, bundle name]. Worker entries are added here as they appear. */
const entries = [
  ['src/extension/extension.ts', 'extension'],
  ['server/lsp/main.ts', 'server'],
  ['src/cli/main.ts', 'cli'],
].filter(([src]) => existsSync(join(root, src)));
for (const extra of ['src/profile/worker.ts', 'server/analysis/lintWorker.ts']) {
  if (existsSync(join(root, extra))) entries.push([extra, extra.split('/').pop().replace(/\.ts$/, '')]);
}

function copyAssets() {
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
  // Files the profiler runs in the user's interpreter (the stdlib-only Python sampler, its package
  // _boundwise_sampler/, Node preloads). Bytecode caches (a local `python3 -m unittest` run) stay out.
  const assets = join(root, 'src/profile/assets');
  if (existsSync(assets)) {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    // A file an earlier build copied and the sources no longer have (the single-file sampler) would
    // otherwise ship in a locally packaged .vsix; 0x's page is built here, not copied.
    const kept = new Set([...readdirSync(assets), ...ZERO_X_ASSETS]);
    for (const f of readdirSync(join(dist, 'assets'))) if (!kept.has(f)) rmSync(join(dist, 'assets', f), { recursive: true, force: true });
    for (const f of readdirSync(assets)) {
      cpSync(join(assets, f), join(dist, 'assets', f), { recursive: true, filter: (src) => basename(src) !== '__pycache__' });
    }
  }
}

// piscina starts its threads from the worker.js beside its code, which bundled is dist/worker.js;
// src/profile/worker.ts therefore carries piscina's thread bootstrap, which piscina's exports map hides.
const piscinaBootstrap = {
  name: 'piscina-bootstrap',
  setup(build) {
    build.onResolve({ filter: /^piscina\/dist\/worker\.js$/ }, () => ({ path: join(dirname(require.resolve('piscina')), 'worker.js') }));
  },
};

// typescript-estree (with TypeScript, most of a bundle's size) is its own bundle, loaded when the
// first JavaScript or TypeScript file is parsed: a Python-only lint, and each lint worker, skip it.
const separateEstree = {
  name: 'separate-typescript-estree',
  setup(build) {
    build.onResolve({ filter: /^@typescript-eslint\/typescript-estree$/ }, () => ({ path: './typescript-estree.js', external: true }));
  },
};
entries.push([require.resolve('@typescript-eslint/typescript-estree'), 'typescript-estree']);

const options = {
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map(([src, out]) => [out, src])),
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The wasm lookups below are fallbacks for unbundled runs; bundles find the wasm beside them.
  // @napi-rs/nice: a native addon piscina's thread bootstrap tries to load and does without.
  external: ['vscode', 'web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/package.json', '@napi-rs/nice'],
  // web-tree-sitter's ESM build reads import.meta.url; give the CommonJS bundles a real one.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [{ name: 'assets', setup(build) { build.onEnd(() => copyAssets()); } }, piscinaBootstrap, separateEstree],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('esbuild: watching');
} else {
  await Promise.all([esbuild.build(options), buildZeroXVisualizer()]);
}

/**
 * 0x's flame-graph page for Node runs (src/report/zeroX.ts): 0x's visualizer browserified as 0x
 * itself does when it renders, once per installed 0x version (about 5 s), and the tachyons CSS its
 * page inlines. Both ship in dist/assets/, so nothing is bundled or fetched when a report opens.
 */
async function buildZeroXVisualizer() {
  const dir = join(root, 'dist', 'assets');
  mkdirSync(dir, { recursive: true });
  const zeroX = dirname(require.resolve('0x/package.json'));
  const version = JSON.parse(readFileSync(join(zeroX, 'package.json'), 'utf8')).version;
  const zeroXRequire = createRequire(join(zeroX, 'package.json'));
  const out = join(dir, ZERO_X_ASSETS[0]);
  const stamp = `/* 0x ${version} visualizer */\n`;
  if (!existsSync(out) || !readFileSync(out, 'utf8').startsWith(stamp)) {
    const browserify = zeroXRequire('browserify');
    const code = await new Promise((resolve, reject) =>
      browserify({ standalone: 'visualizer' }).add(join(zeroX, 'visualizer')).bundle((err, buf) => (err ? reject(err) : resolve(buf.toString('utf8')))));
    writeFileSync(out, stamp + code);
  }
  const tachyons = zeroXRequire.resolve('tachyons');
  copyFileSync(join(dirname(tachyons), 'tachyons.min.css'), join(dir, ZERO_X_ASSETS[1]));
}
