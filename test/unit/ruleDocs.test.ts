import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPackageRoot, renderRuleHover, renderRulePage } from '../../server/analysis/rules/docs';
import { RULES } from '../../server/analysis/rules/registry';
import { findingsIn } from './helpers';

describe('rule documentation', () => {
  for (const rule of RULES) {
    it(`docs/rules/${rule.code}.md matches the registry (run npm run docs after changing a rule)`, () => {
      const page = fs.readFileSync(path.join(findPackageRoot(), 'docs', 'rules', `${rule.code}.md`), 'utf8');
      assert.equal(page, renderRulePage(rule));
      for (const heading of ['## What it does', '## Why is this bad?', '## Example', '## Use instead']) assert.ok(page.includes(heading), heading);
    });

    it(`${rule.code} hover is the message and the linked rule; the explanation and examples stay on the page`, () => {
      const hover = renderRuleHover(rule, 'msg', 'https://example.invalid/rule');
      assert.equal(hover, `msg\n\n[${rule.code}](https://example.invalid/rule) ${rule.title}`);
      // The title is said in no one language: a JS hover never carries Python advice.
      assert.doesNotMatch(rule.title, /asyncio|Python|Node|piscina/);
    });
  }

  it('every rule has a unique code, a family and complete docs', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^BW\d{3}$/);
      assert.ok(r.docs.whatItDoes && r.docs.whyIsThisBad, r.code);
      assert.ok(r.docs.example.python || r.docs.example.javascript, r.code);
      // A blocking rule says what it deliberately leaves out (and where a peer differs, why).
      if (r.family === 'BLOCKING') assert.ok(r.docs.notReported, `${r.code} has no "What it does not report" section`);
    }
  });
});

describe('rule pages of the loop rules show what the rule reports', () => {
  // The Example is what the rule flags and Use instead what it leaves alone, in both languages.
  for (const rule of RULES.filter((r) => r.family === 'CPU-LOOP' || r.family === 'SEQ-AWAIT')) {
    for (const [language, file] of [['python', 'example.py'], ['javascript', 'example.js']] as const) {
      it(`${rule.code} ${language}: the example is flagged, the fix is not`, async () => {
        const example = rule.docs.example[language];
        const instead = rule.docs.useInstead[language];
        assert.ok(example && instead, 'an example and a fix');
        assert.ok((await findingsIn(file, `${example}\n`, [rule.code])).length > 0, `no ${rule.code} in the example:\n${example}`);
        assert.deepEqual(await findingsIn(file, `${instead}\n`, [rule.code]), [], `${rule.code} in the fix:\n${instead}`);
      });
    }
  }
});
