// The one table of rules. Adding a rule means adding its module here.
import { bw101 } from './bw101';
import { bw102 } from './bw102';
import { bw103 } from './bw103';
import { bw104 } from './bw104';
import { bw105 } from './bw105';
import { bw106 } from './bw106';
import { bw107 } from './bw107';
import { bw108 } from './bw108';
import { bw109 } from './bw109';
import { bw110 } from './bw110';
import { bw201 } from './bw201';
import { bw301 } from './bw301';
import { bw302 } from './bw302';
import { bw303 } from './bw303';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [bw101, bw102, bw103, bw104, bw105, bw106, bw107, bw108, bw109, bw110, bw201, bw301, bw302, bw303];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
