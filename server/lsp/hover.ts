// Hover on a flagged range: the time a profile run measured there first, then the finding's
// message and the rule, linked to its page for the long explanation.
import * as path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver/node';
import { renderRuleHover, ruleDocUrl } from '../analysis/rules/docs';
import { ruleByCode } from '../analysis/rules/registry';
import type { Range } from '../analysis/types';
import type { AnalyzedDocument } from './documentAnalyzer';
import type { Measurements } from './measurements';

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** `measured`: what profile runs measured at a file's 1-based line (see ./measurements). */
export function hoverAt(document: AnalyzedDocument | undefined, position: Position, file?: string, measured?: Measurements): Hover | null {
  if (!document) return null;
  const here = document.findings.filter((f) => contains(f.range, position));
  if (here.length === 0) return null;
  const sections = here.map((f) => {
    const rule = ruleByCode(f.code);
    const message = f.messageMarkdown ?? f.message;
    let text = rule ? renderRuleHover(rule, message, ruleDocUrl(rule.code)) : message;
    const chain = f.data?.chain ?? [];
    if (chain.length) {
      // BW110: how the helper reaches the blocking call, one call per line.
      const steps = chain.map((step, i) => `${i + 1}. ${step.message} (${path.basename(step.file)}:${step.range.start.line + 1})`);
      text = `${text}\n\n**How it blocks:**\n\n${steps.join('\n')}\n`;
    }
    // What a profile run measured at the call, or (BW110) at the blocking call it leads to: the
    // strongest evidence, so it comes first.
    const places = [{ file, range: f.range, here: true }, ...chain.map((c) => ({ ...c, here: false }))];
    const measures = new Set(places.flatMap((p) => (p.file && measured ? measured.describe(p.file, p.range.start.line + 1, p.here) : [])));
    return measures.size ? `${[...measures].join('\n\n')}\n\n${text}` : text;
  });
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: here[0].range };
}
