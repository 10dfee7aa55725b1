// Which Node runs a profiled JavaScript/TypeScript script: boundwise.node.path when set, else `node`
// on the PATH (the project's Node, as a terminal would find it) unless it lies inside the workspace,
// else the editor's own Node.
// Plain Node, no `vscode` import (unit-tested).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inside } from './safety';
import { expandWorkspaceFolder } from './settings';

export interface NodeChoice {
  command: string;
  source: 'setting' | 'path' | 'editor';
}

/**
 * `workspaceFolders`: every open folder (the script's by default). A `node` on the PATH that is, or
 * links to, a file inside one is never taken: a PATH entry such as the project's node_modules/.bin
 * (set by direnv or a venv-like shell) would otherwise run the workspace's own program.
 */
export function chooseNode(
  setting: string | undefined,
  workspaceFolder: string | undefined,
  pathEnv = process.env.PATH ?? '',
  execPath = process.execPath,
  workspaceFolders: readonly string[] = workspaceFolder ? [workspaceFolder] : [],
): NodeChoice {
  if (setting) return { command: expandWorkspaceFolder(setting, workspaceFolder), source: 'setting' };
  const names = process.platform === 'win32' ? ['node.exe', 'node.cmd'] : ['node'];
  const folders = workspaceFolders.map((folder) => [path.resolve(folder), realPath(folder)]);
  const inWorkspace = (file: string) => folders.some(([folder, real]) => inside(folder, file) || inside(real, realPath(file)));
  // Only absolute PATH entries: a relative one would pick a program out of the workspace.
  for (const dir of pathEnv.split(path.delimiter).filter((d) => path.isAbsolute(d))) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (inWorkspace(candidate)) continue;
        if (fs.statSync(candidate).isFile()) return { command: candidate, source: 'path' };
      } catch {
        // not here
      }
    }
  }
  return { command: execPath, source: 'editor' };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
