// Shared check of the BLOCKING family: a call whose canonical name is in the catalogue under
// the rule's code, made directly inside a function that runs on the event loop.
import { blockingApis } from '../catalogue';
import type { SourceFacts } from '../types';
import type { RawFinding } from './rule';

export function findBlockingCalls(facts: SourceFacts, code: string): RawFinding[] {
  const apis = blockingApis(facts.language);
  const findings: RawFinding[] = [];
  for (const call of facts.calls) {
    if (call.functionId === undefined || call.target === undefined) continue;
    const fn = facts.functions[call.functionId];
    if (!fn.runsOnEventLoop) continue;
    const api = apis.get(call.target);
    if (!api || api.code !== code) continue;
    const name = call.calleeText === call.target ? `\`${call.calleeText}\`` : `\`${call.calleeText}\` (\`${call.target}\`)`;
    const where = fn.isAsync ? `async function \`${fn.name}\`` : `handler \`${fn.name}\``;
    findings.push({
      message: `${name} blocks the event loop in ${where}; use \`${api.instead}\` instead.`,
      range: call.range,
      data: { target: call.target, calleeText: call.calleeText },
    });
  }
  return findings;
}
