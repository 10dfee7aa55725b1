// Quick fixes for the diagnostics in a code-action request: each language's fix provider turns a
// finding into text edits (python/fixes.ts, js/fixes.ts); the suppression comment comes last.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { jsQuickFixes } from '../analysis/js/fixes';
import { pythonQuickFixes } from '../analysis/python/fixes';
import type { Finding, Language } from '../analysis/types';
import type { AnalyzedDocument } from './documentAnalyzer';

type FixProvider = (file: string, text: string, finding: Finding) => Array<{ title: string; edits: Array<{ range: Finding['range']; newText: string }>; isPreferred?: boolean }>;

const PROVIDERS: Record<Language, FixProvider> = {
  python: pythonQuickFixes,
  javascript: jsQuickFixes,
  typescript: jsQuickFixes,
};

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
    for (const fix of PROVIDERS[analyzed.language](finding.file, text, finding)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: { changes: { [document.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
