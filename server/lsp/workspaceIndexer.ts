// Builds the workspace call graph when the server starts, in the background, with `$/progress`:
// every Python/JS/TS file of the workspace folders is read and its facts indexed, a slice at a
// time so requests are served in between. Open documents replace their file's entry as they are
// analysed; a closed document goes back to its saved text.
import * as fs from 'node:fs';
import type { Connection } from 'vscode-languageserver/node';
import { collectFiles } from '../../src/cli/files';
import { initAnalysis } from '../analysis/engine';
import { extractFileFacts } from '../analysis/lintFiles';
import type { SourceFacts } from '../analysis/types';
import type { WorkspaceIndex } from '../analysis/workspace/index';

const SLICE = 25;

/** What the index keeps of a file nobody has open: what the call graph reads. */
export function compactFacts(facts: SourceFacts): SourceFacts {
  return {
    ...facts,
    calls: facts.calls
      .filter((c) => c.functionId !== undefined && (c.callee !== undefined || c.target !== undefined))
      .map((c) => ({ target: c.target, calleeText: c.calleeText, range: c.range, calleeRange: c.range, functionId: c.functionId, awaited: c.awaited, callee: c.callee, args: c.args?.slice(0, 1) })),
    awaits: [],
    handoffs: [],
    loops: facts.loops?.map((l) => ({ ...l, assigned: [] })),
  };
}

export async function indexWorkspace(
  connection: Connection,
  workspace: WorkspaceIndex,
  roots: string[],
  isOpen: (file: string) => boolean,
  onDone: () => void,
): Promise<void> {
  const existing = roots.filter((r) => fs.existsSync(r));
  if (existing.length === 0) return;
  await initAnalysis();
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Boundwise: indexing the workspace', 0, 'listing files', false);
  let files: string[] = [];
  try {
    files = collectFiles(existing);
  } catch {
    files = [];
  }
  for (let i = 0; i < files.length; i += SLICE) {
    for (const file of files.slice(i, i + SLICE)) {
      if (isOpen(file) || workspace.hasFile(file)) continue;
      try {
        const result = extractFileFacts(file);
        if ('facts' in result) workspace.set(compactFacts(result.facts));
      } catch {
        // one file the analyser cannot read does not stop the index
      }
    }
    progress?.report(Math.round(((i + SLICE) / files.length) * 100), `${Math.min(i + SLICE, files.length)} of ${files.length} files`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress?.done();
  onDone();
}

/** A document was closed: its file goes back to the saved text (or leaves the index). */
export function restoreSavedFile(workspace: WorkspaceIndex, file: string): void {
  const result = fs.existsSync(file) ? extractFileFacts(file) : undefined;
  if (result && 'facts' in result) workspace.set(compactFacts(result.facts));
  else workspace.delete(file);
}
