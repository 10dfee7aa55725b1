// Extension entry point: starts the language client, wires the status item and commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProfileMeasurementsNotification, StatusNotification } from '../../server/protocol';
import { createLanguageClient } from './client';
import { COMMANDS } from './contributes';
import { registerProfileCommand } from './profile/command';
import { AnalysisStatus } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createLanguageClient(context);
  // The report's blocking sites, for the language server's hovers.
  const output = client.outputChannel;
  const { restore } = registerProfileCommand(
    context,
    (report) => void client?.sendNotification(ProfileMeasurementsNotification, { script: report.script, wallMs: report.timings.wallMs, sites: report.blocking }),
    (line) => output.appendLine(`[${new Date().toISOString()}] ${line}`),
  );
  const status = new AnalysisStatus();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(COMMANDS.showOutput, () => client?.outputChannel.show(true)),
    client.onNotification(StatusNotification, (params) => status.update(params)),
  );
  await client.start();
  // After start: the kept reports' measurements go to the language server for its hovers.
  restore();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
