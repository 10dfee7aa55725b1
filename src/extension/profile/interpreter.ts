// Which Python runs the script: boundwise.python.interpreter when set, else the interpreter
// selected in the Python extension (through @vscode/python-extension) when it is installed, else python3.
import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import { expandWorkspaceFolder } from './settings';

export interface InterpreterChoice {
  command: string;
  source: 'setting' | 'python-extension' | 'default';
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

export async function choosePythonInterpreter(resource: vscode.Uri, setting: string | undefined): Promise<InterpreterChoice> {
  if (setting) {
    const folder = vscode.workspace.getWorkspaceFolder(resource) ?? vscode.workspace.workspaceFolders?.[0];
    return { command: expandWorkspaceFolder(setting, folder?.uri.fsPath), source: 'setting' };
  }
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) {
    try {
      const api = await PythonExtension.api();
      const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
      const executable = env?.executable.uri?.fsPath;
      if (executable) return { command: executable, source: 'python-extension' };
    } catch {
      // The Python extension failed to activate or answer; python3 is still worth a try.
    }
  }
  return { command: 'python3', source: 'default' };
}
