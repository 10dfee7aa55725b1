// A language status item that tells, for the active file, what the server last said about it
// (analysed, waiting for a syntax error to be fixed, skipped), instead of a diagnostic storm.
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/protocol';
import { DOCUMENT_SELECTOR } from './client';
import { COMMANDS } from './contributes';

export class AnalysisStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('boundwise.analysis', DOCUMENT_SELECTOR);
  private readonly states = new Map<string, StatusParams>();
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = 'Boundwise';
    this.item.command = { title: 'Show Output', command: COMMANDS.showOutput };
    this.render();
  }

  update(params: StatusParams): void {
    this.states.set(params.uri, params);
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const state = uri ? this.states.get(uri) : undefined;
    if (!state || state.state === 'ok') {
      this.item.text = '$(check) Boundwise';
      this.item.detail = 'concurrency checks on';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    this.item.text = state.state === 'syntax-error' ? '$(sync) Boundwise: waiting for valid syntax' : '$(warning) Boundwise';
    this.item.detail = state.message;
    this.item.severity = state.state === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Warning;
  }

  dispose(): void {
    this.item.dispose();
    this.subscription.dispose();
  }
}
