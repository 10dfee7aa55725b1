// `boundwise lint --statistics`: how many findings of each rule, most frequent first, like ruff's
// `--statistics` (`[*]` marks a rule whose findings `--fix` can fix).
import { FIX_IS_SAFE } from '../../../server/analysis/quickFixes';
import { ruleByCode } from '../../../server/analysis/rules/registry';
import type { Finding } from '../../../server/analysis/types';

export interface RuleCount {
  code: string;
  name: string;
  count: number;
  fixable: boolean;
}

export function countByRule(findings: Finding[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const f of findings) {
    const row = counts.get(f.code) ?? { code: f.code, name: ruleByCode(f.code)?.name ?? '', count: 0, fixable: false };
    row.count++;
    if (f.data?.fix && FIX_IS_SAFE[f.data.fix]) row.fixable = true;
    counts.set(f.code, row);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function formatStatistics(findings: Finding[], json: boolean): string {
  const rows = countByRule(findings);
  if (json) return JSON.stringify(rows, null, 2) + '\n';
  const width = Math.max(1, ...rows.map((r) => String(r.count).length));
  return rows.map((r) => `${String(r.count).padStart(width)}\t${r.code}\t${r.fixable ? '[*]' : '[ ]'} ${r.name}\n`).join('');
}
