// Findings -> LSP diagnostics: code, link to the rule page, severity, related locations.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { ruleDocUrl } from '../analysis/rules/docs';
import type { Finding, Severity } from '../analysis/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocUrl(finding.code) },
    source: 'boundwise',
    message: finding.message,
    relatedInformation: finding.related?.map((r) => ({
      location: { uri: pathToFileURL(r.file).href, range: r.range },
      message: r.message,
    })),
    data: finding.data,
  };
}
