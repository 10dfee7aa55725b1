// The page 0x writes for its flame graph (0x/visualizer/html.js), made offline: 0x's visualizer
// (browserified at build time into dist/assets/0x-visualizer.js, see scripts/build.mjs) and the
// tachyons CSS it uses are inlined under a nonce CSP, so nothing is fetched. No `vscode` import.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkNonce, htmlDocument, inlineSafe } from './html';
import type { CpuProfile } from './flameGraph';
import { zeroXTrees } from './zeroX';

export interface ZeroXAssets {
  /** 0x's visualizer, browserified (defines window.visualizer). */
  visualizer: string;
  /** tachyons.min.css, which 0x's page inlines. */
  css: string;
}

let cachedAssets: ZeroXAssets | undefined;

/** dist/assets/ beside the bundle; under tests (out/) the build's dist/assets/ of the repository. */
export function loadZeroXAssets(): ZeroXAssets {
  if (cachedAssets) return cachedAssets;
  for (let dir = __dirname, i = 0; i < 6; i++, dir = dirname(dir)) {
    for (const candidate of [join(dir, 'assets'), join(dir, 'dist', 'assets')]) {
      const js = join(candidate, '0x-visualizer.js');
      const css = join(candidate, '0x-tachyons.css');
      if (existsSync(js) && existsSync(css)) return (cachedAssets = { visualizer: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') });
    }
  }
  throw new Error('Boundwise: 0x\u2019s visualizer (assets/0x-visualizer.js) is missing; run npm run build');
}

/** The one style element 0x's own markup adds (its title hides on narrow windows), allowed by its hash. */
const ZEROX_TITLE_STYLE = '@media (max-width: 584px) {#title {display: none}}';
const ZEROX_TITLE_STYLE_HASH = `'sha256-${createHash('sha256').update(ZEROX_TITLE_STYLE).digest('base64')}'`;

/**
 * The page 0x writes (its visualizer/html.js), under a CSP: scripts and style elements need the
 * nonce (or, for 0x's title style, its hash); style attributes are allowed because 0x's controls
 * are built with them (they cannot run code or fetch anything).
 */
export function renderZeroXHtml(profile: CpuProfile, opts: { title: string; nonce: string; assets?: ZeroXAssets }): string {
  const assets = opts.assets ?? loadZeroXAssets();
  const nonce = checkNonce(opts.nonce);
  // JSON inside a script: `<` escaped so no name can end the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return htmlDocument({
    csp: `default-src 'none'; style-src 'nonce-${nonce}' ${ZEROX_TITLE_STYLE_HASH}; style-src-attr 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`,
    title: opts.title,
    head: `<meta name="color-scheme" content="light dark">
<style nonce="${nonce}">${inlineSafe(assets.css, 'style')}</style>
<style nonce="${nonce}">button:focus{outline:0}rect:hover{opacity:.9}:root{--background:#fff}@media (prefers-color-scheme:dark){:root{--background:#000}}.background{background:var(--background)}</style>`,
    bodyClass: 'm0 background sans-serif overflow-hidden',
    body: '',
    tail: `<script nonce="${nonce}">${inlineSafe(assets.visualizer, 'script')}
visualizer(${json(zeroXTrees(profile))}, ${json({ title: opts.title, kernelTracing: false, visualizeCpuProfile: true })});
</script>`,
  });
}
