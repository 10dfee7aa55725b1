// The line that names the folders `boundwise lint` skipped by default (build output, with how many
// source files each holds, then dependencies and virtualenvs), and the line that names the folders
// of a project its bounded walk did not list, so nothing is skipped without a word.
import * as path from 'node:path';
import type { CutShort, SkippedFolder } from '../../../server/files/collect';
import { printable } from './printable';

/** Folders of each kind named one by one; the rest are counted. */
const LISTED = 8;

function listed(names: string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/** A folder as the lines show it: relative to the current folder (`./` for itself), with a
 * trailing `/`. */
function shownFolder(folder: string, cwd: string): string {
  return `${printable(path.relative(cwd, folder) || '.').split(path.sep).join('/')}/`;
}

/** One line, or undefined when nothing was skipped by default. */
export function formatSkippedByDefault(skipped: SkippedFolder[], cwd: string): string | undefined {
  if (skipped.length === 0) return undefined;
  const shown = (folder: string) => shownFolder(folder, cwd);
  const build = skipped.filter((s) => s.kind === 'build-output');
  const dependencies = skipped.filter((s) => s.kind === 'dependencies');
  const parts = [
    ...(build.length ? [listed(build.map((s) => `${shown(s.folder)} (${s.files} file${s.files === 1 ? '' : 's'})`))] : []),
    ...(dependencies.length ? [`dependencies and virtualenvs ${listed(dependencies.map((s) => shown(s.folder)))}`] : []),
  ];
  const example = build.length ? `boundwise lint ${shown(build[0].folder)}` : 'boundwise lint FOLDER';
  return `Skipped by default: ${parts.join('; ')}. Lint one by naming it (${example}), or change exclude in the project configuration.`;
}

/** One sentence on a project walk that stopped at its limit: which folders were not listed, and
 * how to list them. */
export function formatProjectCutShort(cut: CutShort, cwd: string): string {
  const why = cut.reason === 'files' ? `after ${cut.listed} files (--max-project-files)` : `after ${cut.ms} ms (--max-project-seconds)`;
  const flag = cut.reason === 'files' ? '--max-project-files' : '--max-project-seconds';
  const folders = listed(cut.folders.map((f) => shownFolder(f, cwd)));
  return `Listing the project ${shownFolder(cut.root, cwd)} stopped ${why}, so calls into ${cut.folders.length === 1 ? 'the folder' : `${cut.folders.length} folders`} ${folders} were not followed; raise ${flag} (0: no limit) to follow them.`;
}
