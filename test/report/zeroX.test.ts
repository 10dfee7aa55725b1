// 0x's flame graph of a Node run (src/report/zeroX.ts), from the run's own V8 CPU profile: a real
// Node run of a script with its own code, a package under node_modules and node:zlib, so every tier
// comes from a real profile. The page itself is checked in Chromium (browser.test.ts).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileScript } from '../../src/profile/engine';
import type { CpuProfile } from '../../src/profile/model';
import { zeroXNote, zeroXTierOf, zeroXTrees, type ZeroXNode } from '../../src/report/zeroX';
import { renderZeroXHtml } from '../../src/report/zeroXPage';
import { smallProfile } from './fixtures';

function* walk(node: ZeroXNode): Generator<ZeroXNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

describe('0x flame graph of a Node run', function () {
  this.timeout(60_000);
  let dir = '';
  let profile: CpuProfile;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-0x-'));
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'exports.work = function depWork(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); return s; };\n');
    writeFileSync(join(dir, 'app.js'), [
      "const zlib = require('node:zlib');",
      "const dep = require('dep');",
      'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
      'const t = Date.now();',
      'while (Date.now() - t < 700) { fib(22); dep.work(2e5); zlib.gzipSync(Buffer.alloc(2e5, 7)); }',
      'setTimeout(() => {}, 300);',
      '',
    ].join('\n'));
    const result = await profileScript({ script: join(dir, 'app.js'), cwd: dir });
    assert.ok(result.cpuprofile, 'the run kept its CPU profile');
    profile = result.cpuprofile;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the script in app, node_modules in deps and node: modules in core (0x\u2019s name-based guess calls them V8)', () => {
    const tree = zeroXTrees(profile).unmerged;
    const tierOf = (pattern: RegExp) => new Set([...walk(tree)].filter((n) => pattern.test(n.name)).map((n) => n.type));
    assert.deepEqual(tierOf(/^fib /), new Set(['app']));
    assert.deepEqual(tierOf(/^depWork /), new Set(['deps']));
    assert.deepEqual(tierOf(/ node:zlib:/), new Set(['core']));
    // Lines as the editor counts them: fib is defined on line 3.
    assert.ok([...walk(tree)].some((n) => n.name === `fib ${join(dir, 'app.js')}:3`), 'fib named with its 1-based line');
  });

  it('counts every on-CPU JavaScript sample once and leaves out waiting and stackless samples, saying how much', () => {
    const tree = zeroXTrees(profile).unmerged;
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
    const jsSamples = profile.samples.filter((id) => !/^\((idle|program|garbage collector)\)$/.test(byId.get(id) ?? '')).length;
    assert.equal(tree.value, jsSamples);
    assert.equal([...walk(tree)].reduce((sum, n) => sum + n.top, 0), jsSamples);
    const note = zeroXNote(profile);
    assert.match(note, /same run/);
    assert.match(note, /It leaves out \d+ ms \(\d+%\) of waiting/, 'the 300 ms timer at the end is waiting');
  });

  it('tiers from URLs: file URLs, paths, node:, internal/, node_modules, the profiler\u2019s own preload, empty', () => {
    assert.equal(zeroXTierOf('file:///srv/app/job.js', 'main'), 'app');
    assert.equal(zeroXTierOf('/srv/app/node_modules/pg/lib/client.js', 'query'), 'deps');
    assert.equal(zeroXTierOf('C:\\app\\node_modules\\pg\\client.js', 'query'), 'deps');
    assert.equal(zeroXTierOf('node:fs', 'readFileSync'), 'core');
    assert.equal(zeroXTierOf('internal/modules/cjs/loader', 'load'), 'core');
    assert.equal(zeroXTierOf('/opt/ext/dist/assets/node-preload.js', 'boundwisePreload'), 'deps');
    assert.equal(zeroXTierOf('', '(garbage collector)'), 'v8');
  });

  it('renders a page that fetches nothing and keeps a hostile path inert', () => {
    const hostile: CpuProfile = {
      ...smallProfile,
      samples: smallProfile.samples ?? [],
      timeDeltas: smallProfile.timeDeltas ?? [],
      nodes: smallProfile.nodes.map((n) => (n.id === 6 ? { ...n, callFrame: { ...n.callFrame, scriptId: '1', columnNumber: 0, url: 'file:///srv/</script><img src=x onerror=alert(1)>.js' } } : { ...n, callFrame: { ...n.callFrame, scriptId: '1', columnNumber: 0 } })),
    };
    const page = renderZeroXHtml(hostile, { title: '0x: <job>.js', nonce: 'abcdefgh1234' });
    assert.doesNotMatch(page, /<img/);
    assert.match(page, /<title>0x: &lt;job&gt;.js<\/title>/);
    assert.match(page, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-abcdefgh1234&#39; &#39;sha256-/);
    assert.doesNotMatch(page, /<(script|link|img)[^>]+(src|href)=/i, 'no external script, stylesheet or image');
    assert.equal(page.match(/<script/g)?.length, 1, 'one inline script');
  });
});
