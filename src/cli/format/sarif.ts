// SARIF 2.1.0 output for code-scanning tools (GitHub, Azure DevOps, IDE viewers).
import * as path from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { plainText } from '../../../server/analysis/markdownText';
import { renderRulePage } from '../../../server/analysis/rules/docs';
import { RULES } from '../../../server/analysis/rules/registry';
import type { Finding, Severity } from '../../../server/analysis/types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function artifactUri(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).map(encodeURIComponent).join('/');
}

export function formatSarif(findings: Finding[], cwd: string, version: string): string {
  const rules: ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: plainText(rule.docs.whatItDoes) },
    // The rule's page travels inside the log: the project has no public address to link to, and a
    // file:// link would name the folder of the machine that ran the lint.
    help: { text: `${plainText(rule.docs.whatItDoes)}\n\n${plainText(rule.docs.whyIsThisBad)}`, markdown: renderRulePage(rule) },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: [rule.family] },
  }));
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const results: Result[] = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message, ...(f.messageMarkdown && f.messageMarkdown !== f.message ? { markdown: f.messageMarkdown } : {}) },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(f.file, cwd), uriBaseId: '%SRCROOT%' }, region: region(f.range) } }],
    relatedLocations: f.related?.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: { uri: artifactUri(r.file, cwd), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
    })),
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'boundwise', semanticVersion: version, version, rules } },
        // Locations are relative to the folder the lint ran in; its absolute path stays out of
        // the log (a code-scanning upload resolves %SRCROOT% to the checkout).
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder boundwise lint ran in.' } } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
