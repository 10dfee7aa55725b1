// Shared by BW301 and BW303: the function a HandoffFact hands over, found in the workspace.
import type { HandoffFact, SourceFacts } from '../types';
import type { FunctionLocation, WorkspaceIndex } from '../workspace/index';

export function handedOverFunction(facts: SourceFacts, handoff: HandoffFact, workspace: WorkspaceIndex): FunctionLocation | undefined {
  if (handoff.workFunctionId !== undefined) return { facts, fn: facts.functions[handoff.workFunctionId] };
  if (!handoff.work) return undefined;
  const found = workspace.resolve(facts.file, handoff.work);
  return found && !found.fn.isAsync ? found : undefined;
}
