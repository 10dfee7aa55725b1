// Hover on a flagged range: the rule's explanation and the fix for the file's language.
import * as path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver/node';
import { renderRuleHover } from '../analysis/rules/docs';
import { ruleByCode } from '../analysis/rules/registry';
import type { Range } from '../analysis/types';
import type { AnalyzedDocument } from './documentAnalyzer';

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function hoverAt(document: AnalyzedDocument | undefined, position: Position): Hover | null {
  if (!document) return null;
  const here = document.findings.filter((f) => contains(f.range, position));
  if (here.length === 0) return null;
  const sections = here.map((f) => {
    const rule = ruleByCode(f.code);
    const text = rule ? renderRuleHover(rule, f.message, document.language) : f.message;
    const chain = f.data?.chain;
    if (!chain?.length) return text;
    // BW110: how the helper reaches the blocking call, one call per line.
    const steps = chain.map((step, i) => `${i + 1}. ${step.message} (${path.basename(step.file)}:${step.range.start.line + 1})`);
    return `${text}\n\n**How it blocks:**\n\n${steps.join('\n')}\n`;
  });
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: here[0].range };
}
