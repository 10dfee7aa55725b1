// The line that names the folders `boundwise lint` skipped by default (build output, with how many
// source files each holds, then dependencies and virtualenvs), so nothing is skipped without a word.
import * as path from 'node:path';
import type { SkippedFolder } from '../../../server/files/collect';
import { printable } from './printable';

/** Folders of each kind named one by one; the rest are counted. */
const LISTED = 8;

function listed(names: string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/** One line, or undefined when nothing was skipped by default. */
export function formatSkippedByDefault(skipped: SkippedFolder[], cwd: string): string | undefined {
  if (skipped.length === 0) return undefined;
  const shown = (folder: string) => `${printable(path.relative(cwd, folder) || folder).split(path.sep).join('/')}/`;
  const build = skipped.filter((s) => s.kind === 'build-output');
  const dependencies = skipped.filter((s) => s.kind === 'dependencies');
  const parts = [
    ...(build.length ? [listed(build.map((s) => `${shown(s.folder)} (${s.files} file${s.files === 1 ? '' : 's'})`))] : []),
    ...(dependencies.length ? [`dependencies and virtualenvs ${listed(dependencies.map((s) => shown(s.folder)))}`] : []),
  ];
  const example = build.length ? `boundwise lint ${shown(build[0].folder)}` : 'boundwise lint FOLDER';
  return `Skipped by default: ${parts.join('; ')}. Lint one by naming it (${example}), or change exclude in the project configuration.`;
}
