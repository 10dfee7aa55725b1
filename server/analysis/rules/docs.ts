// Renders a rule's documentation: the rule page (docs/rules/BWnnn.md) and the hover text come
// from the same RuleDocs, so they never disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from './rule';

function codeBlock(language: 'python' | 'javascript', code: string | undefined): string {
  return code ? `\`\`\`${language}\n${code}\n\`\`\`\n` : '';
}

export function renderRulePage(rule: Rule): string {
  const { docs } = rule;
  return [
    `# ${rule.code}: ${rule.title}`,
    '',
    `Family: ${rule.family} · name: \`${rule.name}\` · default severity: ${rule.defaultSeverity}`,
    '',
    '## What it does',
    '',
    docs.whatItDoes,
    '',
    ...(docs.notReported ? ['## What it does not report', '', docs.notReported, ''] : []),
    '## Why is this bad?',
    '',
    docs.whyIsThisBad,
    '',
    '## Example',
    '',
    codeBlock('python', docs.example.python) + (docs.example.python && docs.example.javascript ? '\n' : '') + codeBlock('javascript', docs.example.javascript),
    '## Use instead',
    '',
    codeBlock('python', docs.useInstead.python) + (docs.useInstead.python && docs.useInstead.javascript ? '\n' : '') + codeBlock('javascript', docs.useInstead.javascript),
    `Silence it on one line with \`# boundwise: ignore[${rule.code}]\` (Python) or \`// boundwise-ignore-next-line ${rule.code}\` (JS/TS).`,
    '',
  ].join('\n');
}

/** Markdown for hovering a finding, short like ESLint's and ruff's: the message (already worded
 * for the file's language) and the rule, linked to its page, which holds the explanation and the
 * examples in both languages. `message` is Markdown (code spans). */
export function renderRuleHover(rule: Rule, message: string, docUrl: string): string {
  return [message, '', `[${rule.code}](${docUrl}) ${rule.title}`].join('\n');
}

let packageRoot: string | undefined;

/** The folder holding package.json: from dist/ (bundled) or out/server/... (compiled). */
export function findPackageRoot(): string {
  if (packageRoot) return packageRoot;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'docs', 'rules')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  packageRoot = dir;
  return dir;
}

/** Link to the rule page shipped with the package (opened in the editor from a diagnostic). */
export function ruleDocUrl(code: string): string {
  return pathToFileURL(path.join(findPackageRoot(), 'docs', 'rules', `${code}.md`)).href;
}
