// Which Node runs a profiled JavaScript/TypeScript script: boundwise.node.path when set, else `node`
// on the PATH (the project's Node, as a terminal would find it), else the editor's own Node.
// Plain Node, no `vscode` import (unit-tested).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NodeChoice {
  command: string;
  source: 'setting' | 'path' | 'editor';
}

export function chooseNode(setting: string | undefined, workspaceFolder: string | undefined, pathEnv = process.env.PATH ?? '', execPath = process.execPath): NodeChoice {
  if (setting) return { command: workspaceFolder ? setting.replace(/\$\{workspaceFolder\}/g, workspaceFolder) : setting, source: 'setting' };
  const names = process.platform === 'win32' ? ['node.exe', 'node.cmd'] : ['node'];
  // Only absolute PATH entries: a relative one would pick a program out of the workspace.
  for (const dir of pathEnv.split(path.delimiter).filter((d) => path.isAbsolute(d))) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return { command: candidate, source: 'path' };
      } catch {
        // not here
      }
    }
  }
  return { command: execPath, source: 'editor' };
}
