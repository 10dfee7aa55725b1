import * as assert from 'node:assert/strict';
import type { ProfileReport } from '../../src/profile/report';
import { renderReportBody, renderReportHtml, renderReportWebview } from '../../src/report';
import { cpuBound, ioBound, mixed, smallProfile, withPrevious } from './fixtures';
import { verdictHeadline, visibleText } from './visible';

const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY';

/** Removes the contents of our own <style> and <script> elements so the rest can be scanned as markup. */
function markupOnly(doc: string): string {
  return doc.replace(/(<style[^>]*>)[\s\S]*?(<\/style>)/g, '$1$2').replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
}

/** Every tag must be well formed with double-quoted attribute values and no event-handler attributes. */
function assertTagsWellFormed(doc: string): void {
  const markup = markupOnly(doc);
  const tag = /^<(?:!DOCTYPE html|\/[a-zA-Z][\w-]*|[a-zA-Z][\w-]*(?:\s+[a-zA-Z][\w:-]*(?:="[^"<>]*")?)*\s*\/?)>/;
  for (let i = markup.indexOf('<'); i >= 0; i = markup.indexOf('<', i + 1)) {
    const m = tag.exec(markup.slice(i));
    assert.ok(m, `malformed or injected markup at: ${markup.slice(i, i + 80)}`);
    assert.ok(!/\son[a-z]+=/i.test(m[0].replace(/="[^"]*"/g, '')), `event handler attribute in ${m[0]}`);
  }
}

const hostile: ProfileReport = {
  ...mixed,
  script: '/home/eve/<b>bold</b>/"quoted"/x.js',
  stdoutTail: 'hello <script>alert(1)</script>\n',
  stderrTail: 'Error: <script>alert(1)</script>\n',
  exitCode: 1,
  recommendation: {
    ...mixed.recommendation,
    title: '<i>title</i>',
    detail: 'detail </p><script>alert(1)</script>',
    sketch: { before: '</code></pre><script>alert(1)</script>', after: 'x = "<img src=x>"' },
  },
  hotspots: [
    { function: 'fn "quoted" \'single\' "><img src=x onerror=alert(1)>', file: '/home/eve/"><img src=x onerror=alert(1)>.js', line: 3, selfMs: 10, totalMs: 20, onCpu: true },
  ],
  blocking: [{ file: '/home/eve/<b>x</b>.js', line: 4, call: '<script>alert(1)</script>', ms: 5 }],
  prediction: { speedup: 2, assumption: '<script>alert(1)</script>' },
  loopBlocking: { maxMs: 10, events: [{ atMs: 1, ms: 10, call: '<b>call</b>', file: '/x/<b>.js', line: 1 }] },
};

describe('report HTML: escaping', () => {
  for (const [name, render] of [
    ['standalone', () => renderReportHtml(hostile, { nonce: NONCE, cpuProfile: smallProfile, previous: hostile })],
    ['webview', () => renderReportWebview(hostile, { nonce: NONCE, cspSource: 'vscode-webview:', scriptUris: ['vscode-resource:/media/flame.js', 'vscode-resource:/media/report.js'], styleUri: 'vscode-resource:/media/report.css', cpuProfile: smallProfile, previous: hostile })],
  ] as const) {
    it(`${name}: leaves nothing from the script, its path or its output unescaped`, () => {
      const doc = render();
      const markup = markupOnly(doc);
      assert.ok(!markup.includes('<b>'), 'path with <b>');
      assert.ok(!markup.includes('<i>'), 'title with <i>');
      assert.ok(!markup.includes('<img'), 'hotspot name with <img');
      assert.ok(!markup.includes('<script>alert'), 'output with <script>');
      // Our own script elements only, each with the nonce: one inline in the file, one per asset in the webview.
      const scripts = doc.match(/<script\b[^>]*>/g) ?? [];
      assert.equal(scripts.length, name === 'standalone' ? 1 : 2, 'only our own script elements');
      for (const el of scripts) assert.ok(el.includes(`nonce="${NONCE}"`), el);
      assert.ok(markup.includes('hello &lt;script&gt;alert(1)&lt;/script&gt;'), 'stdout shown as text');
      assert.ok(markup.includes('/home/eve/&lt;b&gt;bold&lt;/b&gt;/&quot;quoted&quot;/x.js'), 'path shown as text');
      assert.ok(markup.includes('fn &quot;quoted&quot; &#39;single&#39; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), 'function name shown as text');
      assertTagsWellFormed(doc);
    });
  }

  it('sets backticked spans of the recommendation in <code>, still escaped, and shows no backtick', () => {
    const r: ProfileReport = {
      ...cpuBound,
      recommendation: { ...cpuBound.recommendation, title: 'A handler blocks the event loop: offload `crypto.pbkdf2Sync`', detail: 'Use `<img src=x onerror=alert(1)>` or `asyncio.to_thread(...)`; a lone ` stays.' },
      prediction: { ...cpuBound.prediction, assumption: 'the 76% inside `crypto.pbkdf2Sync` runs off the loop' },
    };
    const body = renderReportBody(r, { target: 'standalone' });
    assert.ok(body.includes('offload <code>crypto.pbkdf2Sync</code></strong>'), 'title');
    assert.ok(body.includes('Use <code>&lt;img src=x onerror=alert(1)&gt;</code> or <code>asyncio.to_thread(...)</code>; a lone &#96; stays.'), 'reasons');
    assert.ok(body.includes('the 76% inside <code>crypto.pbkdf2Sync</code> runs off the loop'), 'assumption');
    assert.ok(!markupOnly(body).includes('<img'), 'code spans are escaped');
  });

  it('webview: location buttons carry the escaped file for the open message', () => {
    const doc = renderReportWebview(hostile, { nonce: NONCE, cspSource: 'vscode-webview:', scriptUris: ['s.js'], styleUri: 's.css' });
    assert.ok(doc.includes('data-open-file="/home/eve/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.js" data-open-line="3"'));
  });
});

describe('report HTML: Content-Security-Policy', () => {
  it('standalone: nonce-based CSP meta and every <style>/<script> carries the nonce', () => {
    const doc = renderReportHtml(cpuBound, { nonce: NONCE });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(doc);
    assert.ok(csp, 'CSP meta present');
    assert.match(csp[1], new RegExp(`^default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; img-src data:`.replace(/'/g, '&#39;')));
    const elements = doc.match(/<(script|style)\b[^>]*>/g) ?? [];
    assert.equal(elements.length, 2);
    for (const el of elements) assert.ok(el.includes(`nonce="${NONCE}"`), el);
    assert.ok(doc.indexOf('<meta http-equiv="Content-Security-Policy"') < doc.indexOf('<style'), 'CSP precedes the assets');
  });

  it('standalone: a fresh random nonce per document when none is given', () => {
    const nonceOf = (doc: string) => /script-src &#39;nonce-([^&]+)&#39;/.exec(doc)?.[1];
    const a = nonceOf(renderReportHtml(cpuBound));
    const b = nonceOf(renderReportHtml(cpuBound));
    assert.ok(a && b && a !== b && a.length >= 16);
  });

  it('rejects a nonce that could break out of the policy', () => {
    assert.throws(() => renderReportHtml(cpuBound, { nonce: "x' 'unsafe-inline" }));
  });

  it('webview: CSP with the webview source and nonces; assets through webview URIs', () => {
    const doc = renderReportWebview(cpuBound, { nonce: NONCE, cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/flame.js', 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.js'], styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(doc)![1].replace(/&#39;/g, "'");
    assert.equal(csp.split('; ').slice(0, 4).join('; '), `default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; img-src https://file+.vscode-resource.vscode-cdn.net data:`);
    assert.match(doc, new RegExp(`<link rel="stylesheet" nonce="${NONCE}" href="https://file\\+.vscode-resource.vscode-cdn.net/ext/media/report.css">`));
    assert.match(doc, new RegExp(`<script nonce="${NONCE}" src="https://file\\+.vscode-resource.vscode-cdn.net/ext/media/flame.js"></script>\n<script nonce="${NONCE}" src="https://file\\+.vscode-resource.vscode-cdn.net/ext/media/report.js"></script>`));
    assert.ok(!doc.includes('<style'), 'no inline styles in the webview');
  });
});

describe('report HTML: nothing remote', () => {
  it('the standalone file references no http(s) or protocol-relative URL', () => {
    for (const report of [cpuBound, ioBound, mixed]) {
      const doc = renderReportHtml(report, { nonce: NONCE, cpuProfile: smallProfile, previous: report });
      assert.ok(!/https?:/i.test(doc), 'no http: or https:');
      assert.ok(!/(src|href|action)\s*=\s*["']?\/\//i.test(doc), 'no //host references');
      assert.ok(!/url\(\s*["']?(?!data:)/i.test(doc), 'no url() other than data:');
      assert.ok(!/@import/i.test(doc), 'no @import');
      assert.ok(!/<(link|img|iframe|object|embed)\b/i.test(doc), 'no external resource elements');
    }
  });
});

const SECTIONS = ['verdict', 'cpu-vs-waiting', 'recommendation', 'hotspots', 'blocking', 'flame-graph', 'timings', 'loop-blocking', 'output'];

describe('report HTML: sections', () => {
  for (const report of [cpuBound, ioBound, mixed]) {
    it(`${report.classification}: every section, in both documents`, () => {
      const standalone = renderReportHtml(report, { nonce: NONCE, cpuProfile: smallProfile });
      const webview = renderReportWebview(report, { nonce: NONCE, cspSource: 'vscode-webview:', scriptUris: ['s.js'], styleUri: 's.css', cpuProfile: smallProfile });
      for (const doc of [standalone, webview]) {
        // The event-loop card only for a program with an event loop.
        for (const id of SECTIONS) assert.equal(doc.includes(`data-section="${id}"`), id !== 'loop-blocking' || !!report.loopBlocking, `section ${id}`);
        assert.ok(doc.includes(`data-classification="${report.classification}"`));
      }
    });

    it(`${report.classification}: the verdict, timings, hotspots and recommendation show the report's numbers`, () => {
      const body = renderReportBody(report, { target: 'standalone', cpuProfile: smallProfile });
      const label = { 'cpu-bound': 'CPU-bound', 'io-bound': 'I/O-bound', mixed: 'Mixed', failed: 'Failed' }[report.classification];
      assert.match(body, new RegExp(`<h2 id="verdict-title" class="verdict-class"><span class="dot" aria-hidden="true"></span>${label.replace('/', '\\/')}</h2>`));
      // Names carry <wbr> wrap points after their dots (see breaks.ts).
      const text = body.replace(/<wbr>/g, '');
      for (const h of report.hotspots) assert.ok(text.includes(`<code>${h.function}</code>`), h.function);
      for (const b of report.blocking) assert.ok(text.includes(`<code>${b.call}</code>`), b.call);
      assert.ok(body.includes(report.recommendation.title));
      assert.ok(body.includes('<figcaption>Before</figcaption>') && body.includes('<figcaption>After</figcaption>'), 'code sketch');
      assert.ok(body.includes(`${report.prediction.speedup.toFixed(2)}\u00d7`), 'predicted gain');
      for (const label of ['Wall', 'User CPU', 'System CPU', 'Children CPU', 'Utilisation', 'Cores']) assert.ok(body.includes(`<th scope="row">${label}</th>`), label);
      assert.ok(body.includes('class="fg-svg"'), 'flame graph drawn');
    });

    it(`${report.classification}: hotspot and blocking times are labelled thread time, never CPU time`, () => {
      const body = renderReportBody(report, { target: 'standalone', cpuProfile: smallProfile });
      for (const id of ['hotspots', 'blocking']) {
        const card = visibleText(new RegExp(`<section class="card" id="${id}"[\\s\\S]*?</section>`).exec(body)?.[0] ?? '');
        if (id === 'blocking' && report.blocking.length === 0) continue;
        assert.match(card, /times are thread time \(wall time sampled on each thread\), not CPU time/, id);
        assert.doesNotMatch(card.replace(/not CPU time/g, ''), /CPU time|\bcpu\b/, id);
      }
    });
  }

  it('webview has Re-run and Export buttons; the standalone file has none', () => {
    const webview = renderReportWebview(mixed, { nonce: NONCE, cspSource: 'c', scriptUris: ['s.js'], styleUri: 's.css', cpuProfile: smallProfile });
    assert.ok(webview.includes('data-action="rerun"'));
    for (const f of ['html', 'json', 'cpuprofile']) assert.ok(webview.includes(`data-action="export" data-format="${f}"`), f);
    const standalone = markupOnly(renderReportHtml(mixed, { nonce: NONCE, cpuProfile: smallProfile }));
    assert.ok(!standalone.includes('data-action="rerun"') && !standalone.includes('data-action="export"'));
    assert.ok(!standalone.includes('data-open-file'), 'locations are plain text in the file');
  });

  it('a Node run in the webview offers 0x with what its graph leaves out; Python runs and the standalone file do not', () => {
    const webview = renderReportWebview(mixed, { nonce: NONCE, cspSource: 'c', scriptUris: ['s.js'], styleUri: 's.css', cpuProfile: smallProfile });
    assert.ok(webview.includes('data-action="zerox"'), 'Open in 0x');
    // smallProfile: 13 ms between its 14 samples (the first has no time), 3 ms idle, 1 ms garbage collector.
    assert.match(webview, /It leaves out 3 ms \(23%\) of waiting/);
    assert.match(webview, /1 ms \(8%\) of \(program\) and garbage-collector samples carry no stack/);
    const python = renderReportWebview({ ...mixed, language: 'python' }, { nonce: NONCE, cspSource: 'c', scriptUris: ['s.js'], styleUri: 's.css', cpuProfile: smallProfile });
    assert.ok(!python.includes('data-action="zerox"'));
    assert.ok(!markupOnly(renderReportHtml(mixed, { nonce: NONCE, cpuProfile: smallProfile })).includes('data-action="zerox"'));
  });

  it('without a .cpuprofile the flame graph section says so, and the .cpuprofile export is not offered', () => {
    const webview = renderReportWebview(ioBound, { nonce: NONCE, cspSource: 'c', scriptUris: ['s.js'], styleUri: 's.css' });
    assert.ok(webview.includes('No .cpuprofile was kept for this run.'));
    assert.ok(!webview.includes('data-format="cpuprofile"'));
  });

  it('reports a failed or timed-out run in the header', () => {
    const body = renderReportBody({ ...cpuBound, exitCode: 3, timedOut: true }, { target: 'standalone' });
    assert.ok(body.includes('exit 3') && body.includes('timed out'));
  });

  it('says a run was stopped, by whom and when, and that the verdict is measured on a stopped run', () => {
    const byUser = renderReportBody({ ...cpuBound, exitCode: 130, stopped: { by: 'user', afterMs: 12_300 } }, { target: 'standalone' });
    assert.match(byUser, /stopped by you after 12\.3\d* s/);
    assert.ok(byUser.includes('Measured on a stopped run'));
    const byTimeout = renderReportBody({ ...cpuBound, timedOut: true, stopped: { by: 'timeout', afterMs: 5000 } }, { target: 'standalone' });
    assert.match(byTimeout, /stopped by the timeout after 5/);
    const byLoad = renderReportBody({ ...cpuBound, exitCode: 130, stopped: { by: 'load', afterMs: 5340 } }, { target: 'standalone' });
    assert.match(byLoad, /stopped by Boundwise when the load was over, after 5\.34 s/);
    assert.ok(!byLoad.includes('Measured on a stopped run'), 'a server stopped after its load did the work it was given');
    assert.ok(!byLoad.includes('exit 130'), 'nor is the exit status of the stop news');
    assert.match(byUser, /exit 130/);
    assert.ok(!renderReportBody(cpuBound, { target: 'standalone' }).includes('stopped'));
  });
});

describe('report HTML: previous run beside the new one', () => {
  it('shows the measured speed-up previous.wallMs / current.wallMs', () => {
    const previous = withPrevious(cpuBound, 16_020);
    const body = renderReportBody(cpuBound, { target: 'webview', previous });
    assert.ok(body.includes('data-section="comparison"'));
    assert.ok(body.includes('data-speedup="1.904"'), '16020 / 8412.4');
    assert.ok(body.includes('1.90\u00d7 faster'));
    assert.ok(body.includes('16.0 s') && body.includes('8.41 s'));
  });

  it('says slower when the new run took longer', () => {
    const body = renderReportBody(ioBound, { target: 'standalone', previous: withPrevious(ioBound, 7155) });
    assert.ok(body.includes('2.00\u00d7 slower'));
  });

  it('has no comparison without a previous run', () => {
    assert.ok(!renderReportBody(ioBound, { target: 'standalone' }).includes('data-section="comparison"'));
  });
});

describe('report HTML: verdict headline', () => {
  it('quotes the CPU utilisation the class was decided on, not the on-CPU share of the samples', () => {
    // 73 of 78 samples on the CPU (94%), CPU utilisation 96%: two different figures; the class rests on the second.
    const run: ProfileReport = { ...cpuBound, timings: { ...cpuBound.timings, utilization: 0.96 }, samples: { count: 78, hz: 100, onCpu: 73, waiting: 5 } };
    const headline = verdictHeadline(renderReportBody(run, { target: 'standalone' }));
    assert.match(headline, /^CPU utilisation 96% on \d+ cores?: computation, not waiting, sets the pace\.$/);
    assert.doesNotMatch(headline, /94%|of its samples/);
  });

  it('says an I/O-bound run mostly waited, with its CPU utilisation', () => {
    assert.match(renderReportBody(ioBound, { target: 'standalone' }), /CPU utilisation \d+% on \d+ cores?: the script mostly waited for the outside world/);
  });
});

describe('report HTML: failed runs, caveats and predicted ranges', () => {
  it('a failed run shows the Failed verdict with its error line, escaped', () => {
    const failed: ProfileReport = {
      ...cpuBound, exitCode: 1, classification: 'failed',
      recommendation: { id: 'none', title: 'The run failed before doing its work', detail: 'The run failed while starting.' },
      failure: { exitCode: 1, errorLine: "ModuleNotFoundError: No module named '<nope>'" },
      prediction: { speedup: 1, assumption: 'the run failed before its work: nothing to predict from' },
    };
    const body = renderReportBody(failed, { target: 'standalone' });
    assert.match(body, /class="verdict-class"><span class="dot" aria-hidden="true"><\/span>Failed<\/h2>/);
    assert.ok(body.includes('verdict-failed'));
    assert.ok(body.includes('No module named &#39;&lt;nope&gt;&#39;'), 'the error line, escaped');
  });

  it('caveats are listed under the verdict, escaped', () => {
    const body = renderReportBody({ ...ioBound, caveats: ['Measured on a run that failed (exit code 1): <b>boom</b>'] }, { target: 'standalone' });
    assert.ok(body.includes('<ul class="caveats" data-section="caveats"><li>Measured on a run that failed (exit code 1): &lt;b&gt;boom&lt;/b&gt;</li></ul>'));
  });

  it('a predicted range shows as low to high; an unknown gain as unknown, with what was not measured', () => {
    const ranged = renderReportBody({ ...ioBound, prediction: { speedup: 5.5, range: [3.2, 5.5], assumption: 'x', unmeasured: 'whether the server answers them 40 at a time' } }, { target: 'standalone' });
    assert.ok(ranged.includes('3.20\u00d7 \u2013 5.50\u00d7'));
    assert.ok(ranged.includes('<span class="muted">Not measured</span> whether the server answers them 40 at a time'));
    const unknown = renderReportBody({ ...ioBound, prediction: { speedup: 1, range: [1, 9], unknown: true, assumption: 'the gain is unknown' } }, { target: 'standalone' });
    assert.ok(unknown.includes('<dd>unknown</dd>'));
  });
});

describe('report HTML: a change inside the noise between runs is no change', () => {
  const body = (previous: ProfileReport, current: ProfileReport) => renderReportBody(current, { target: 'standalone', previous });
  const headline = (doc: string) => visibleText(/<p class="compare-headline"[\s\S]*?<\/p>/.exec(doc)?.[0] ?? '');

  it('6% slower with single runs: no measurable change (±10%), neither "slower" nor red', () => {
    const doc = body(withPrevious(ioBound, 13_500), ioBound); // 13.5 s -> 14.31 s
    assert.match(headline(doc), /No measurable change \(inside the noise between runs: ±10%/);
    assert.doesNotMatch(headline(doc), /slower|faster/);
    assert.doesNotMatch(/<p class="compare-headline"[\s\S]*?<\/p>/.exec(doc)?.[0] ?? '', /class="(bad|good)"/);
  });

  it('the noise is the repeated runs\' spread when it is wider than 10%: 25% faster inside a 32% spread is no change', () => {
    const noisy = (r: ProfileReport, wallMs: number[]): ProfileReport => ({ ...r, timings: { ...r.timings, wallMs: wallMs[1] }, repeats: { runs: 3, wallMs, verdicts: ['a', 'a', 'a'] } });
    const doc = body(noisy(cpuBound, [1000, 1250, 1400]), noisy(cpuBound, [950, 1000, 1020]));
    assert.match(headline(doc), /No measurable change \(inside the noise between runs: ±32%, the spread of the repeated runs\)/);
    // Outside the spread it is a change again.
    assert.match(headline(body(noisy(cpuBound, [1000, 1250, 1400]), noisy(cpuBound, [600, 650, 700]))), /Measured speed-up 1\.92× faster/);
  });

  it('a predicted gain of 1.00× is not shown green; a real gain is', () => {
    const none: ProfileReport = { ...cpuBound, prediction: { speedup: 1, assumption: 'nothing to gain', range: [1, 1.68] } };
    const doc = renderReportBody(none, { target: 'standalone' });
    assert.ok(!doc.includes('stat-accent'), 'the Predicted gain stat is not accented');
    assert.ok(doc.includes('<span class="big">'), 'the predicted figure is not coloured as a gain');
    const gain = renderReportBody(cpuBound, { target: 'standalone' });
    assert.ok(gain.includes('stat-accent') && gain.includes('<span class="big gain">'), 'a 1.96× gain is');
  });
});
