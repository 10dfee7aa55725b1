// Quick fixes for the diagnostics in a code-action request: each language's fix provider turns a
// finding into text edits (analysis/quickFixes.ts); the suppression comment comes last.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { plainText } from '../analysis/markdownText';
import { quickFixes } from '../analysis/quickFixes';
import type { Finding } from '../analysis/types';
import type { AnalyzedDocument } from './documentAnalyzer';

const sameStart = (a: Finding['range'], b: Finding['range']) => a.start.line === b.start.line && a.start.character === b.start.character;

export function codeActionsFor(params: CodeActionParams, document: TextDocument | undefined, analyzed: AnalyzedDocument | undefined): CodeAction[] {
  if (!document || !analyzed) return [];
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
  const text = document.getText();
  // Findings computed from an older text would produce edits at the wrong places.
  if (analyzed.text !== undefined && analyzed.text !== text) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'boundwise') continue;
    const finding = analyzed.findings.find((f) => f.code === diagnostic.code && sameStart(f.range, diagnostic.range));
    if (!finding) continue;
    for (const fix of quickFixes(analyzed.language, finding.file, text, finding)) {
      actions.push({
        // The light-bulb menu shows titles as plain text.
        title: plainText(fix.title),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: { changes: { [document.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
