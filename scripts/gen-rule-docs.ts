// Writes docs/rules/BWnnn.md from the rule registry (`npm run docs`). A test checks the
// committed pages match, so the pages, the hovers and the diagnostics never disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulePage } from '../server/analysis/rules/docs';
import { RULES } from '../server/analysis/rules/registry';

export function rulePagesDir(root: string): string {
  return path.join(root, 'docs', 'rules');
}

if (require.main === module) {
  const dir = rulePagesDir(path.join(__dirname, '..', '..'));
  fs.mkdirSync(dir, { recursive: true });
  for (const rule of RULES) fs.writeFileSync(path.join(dir, `${rule.code}.md`), renderRulePage(rule));
  console.log(`wrote ${RULES.length} rule pages to docs/rules/`);
}
