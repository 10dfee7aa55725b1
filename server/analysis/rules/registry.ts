// The one table of rules. Adding a rule means adding its module here.
import { bw101 } from './bw101';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [bw101];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
