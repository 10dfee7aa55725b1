import * as assert from 'node:assert/strict';
import { escapeHtml, html, raw } from '../../src/report/escape';
import { displayPath, formatMs, formatPercent, formatSpeedup } from '../../src/report/format';

describe('report escaping', () => {
  it('escapes the characters that can end text or a quoted attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('turns null, undefined and numbers into text', () => {
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(42), '42');
  });

  it('escapes every interpolation of the html tag except markup built with raw or html', () => {
    const name = '"><img src=x onerror=alert(1)>';
    const out = html`<td title="${name}">${name}${raw('<br>')}${[html`<i>${'<b>'}</i>`, '<u>']}</td>`.value;
    assert.equal(out, '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;<br><i>&lt;b&gt;</i>&lt;u&gt;</td>');
  });
});

describe('report formatting', () => {
  it('formats durations for people', () => {
    assert.equal(formatMs(0.42), '0.4 ms');
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(1240), '1.24 s');
    assert.equal(formatMs(73_100), '73.1 s');
    assert.equal(formatMs(252_000), '4 min 12 s');
    assert.equal(formatMs(undefined), '\u2013');
  });

  it('formats shares and speed-ups', () => {
    assert.equal(formatPercent(0.98), '98%');
    assert.equal(formatPercent(0.059), '5.9%');
    assert.equal(formatSpeedup(1.96), '1.96\u00d7');
    assert.equal(formatSpeedup(12.34), '12.3\u00d7');
    assert.equal(formatSpeedup(0), '\u2013');
  });

  it('shows files under the script folder relative to it', () => {
    assert.equal(displayPath('/p/app/lib/x.py', '/p/app/main.py'), 'lib/x.py');
    assert.equal(displayPath('/usr/lib/python3.11/threading.py', '/p/app/main.py'), '/usr/lib/python3.11/threading.py');
    assert.equal(displayPath('C:\\p\\app\\x.js', 'C:\\p\\app\\main.js'), 'x.js');
  });
});
