// Calls from async code to sync helpers of the workspace that reach a blocking call at any depth
// (the call graph of ../workspace/index), as findings with the chain in their related
// information. BW110 reports the chains that end in a blocking call of BW101-BW108; BW109 those
// that end in a file-system query, so that the query group is raised or silenced as one.
import { languageSupport } from '../languages';
import type { RelatedLocation, SourceFacts } from '../types';
import type { BlockingReach } from '../workspace/index';
import { BLOCKS, blocksNobody, describeFunction } from './blocking';
import { weakerEvidence } from './lifecycleSteps';
import type { RawFinding, RuleContext } from './rule';

export function findBlockingChains(facts: SourceFacts, context: RuleContext, wanted: (reach: BlockingReach) => boolean): RawFinding[] {
  const findings: RawFinding[] = [];
  const language = languageSupport(facts.language);
  for (const call of facts.calls) {
    if (call.functionId === undefined || call.awaited || call.once) continue;
    const fn = facts.functions[call.functionId];
    if (!fn.runsOnEventLoop) continue;
    if (context.workspace.blockingApiOf(facts, call)) continue;
    const callee = context.workspace.calledFunction(facts, call);
    if (!callee) continue;
    const reach = context.workspace.blockingReach(callee.facts, callee.fn, call);
    if (!reach || !wanted(reach) || blocksNobody(facts, fn, call, context.workspace)) continue;
    const last = reach.steps[reach.steps.length - 1];
    const related: RelatedLocation[] = reach.steps.map((step, i) => ({
      file: step.file,
      range: step.range,
      message: i === reach.steps.length - 1 ? `blocking call \`${step.callee}\`${step.target && step.target !== step.callee ? ` (\`${step.target}\`)` : ''} (${reach.code})` : `calls \`${step.callee}\``,
    }));
    const weaker = weakerEvidence(facts, fn, call, context.workspace, reach.code);
    const via = reach.steps.length > 1 ? ` through ${reach.steps.slice(0, -1).map((s) => `\`${s.callee}\``).join(' -> ')}` : '';
    findings.push({
      // The fix first: a truncated one-line view (the Problems panel) still shows it.
      message: `${language.idioms.helperAdvice(call.calleeText, facts)}: \`${call.calleeText}\` ${BLOCKS[reach.code] ?? 'blocks the event loop'} in ${describeFunction(fn)}; it reaches \`${reach.target}\`${via} (${reach.code}).${weaker ?? ''}`,
      range: call.range,
      related,
      // Through helpers, a file read or written is most often a small settings or cache file
      // (microseconds on a local disk), data compressed most often small: only the size, which
      // the code does not say, makes it long.
      // In a start-up or shutdown step or test code known by name only (./lifecycleSteps).
      ...(reach.costIsDataSize || weaker ? { partialEvidence: true } : {}),
      data: { target: call.target, calleeText: call.calleeText, fix: language.helperFix, chain: related.map((r) => ({ ...r })), blockingTarget: last.target },
    });
  }
  return findings;
}
