// Extension entry point: starts the language client, wires the status item and commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PROFILE_MEASUREMENTS_NOTIFICATION, type ProfileMeasurementsParams, type StatusParams } from '../../server/protocol';
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
    (report) => void client?.sendNotification(PROFILE_MEASUREMENTS_NOTIFICATION, { script: report.script, wallMs: report.timings.wallMs, sites: report.blocking } satisfies ProfileMeasurementsParams),
    (line) => output.appendLine(`[${new Date().toISOString()}] ${line}`),
  );
  const status = new AnalysisStatus();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(COMMANDS.showOutput, () => client?.outputChannel.show(true)),
    client.onNotification(AnalysisStatus.notification, (params: StatusParams) => status.update(params)),
  );
  await client.start();
  // After start: the kept reports' measurements go to the language server for its hovers.
  restore();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
