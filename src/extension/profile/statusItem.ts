// A status-bar item with the last verdict for the active file; clicking it reopens the report.
import * as vscode from 'vscode';
import type { ProfileReport } from '../../profile/report';
import { INTERNAL_COMMANDS } from '../contributes';
import { statusText } from './text';

export const SHOW_REPORT_COMMAND = INTERNAL_COMMANDS.showProfileReport;

export class ProfileStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('boundwise.profileVerdict', vscode.StatusBarAlignment.Right, 100);
  private readonly verdicts = new Map<string, ProfileReport>();
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = 'Boundwise Profile Verdict';
    this.render();
  }

  set(script: vscode.Uri, report: ProfileReport): void {
    this.verdicts.set(script.toString(), report);
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const report = uri ? this.verdicts.get(uri.toString()) : undefined;
    if (!uri || !report) {
      this.item.hide();
      return;
    }
    const { text, tooltip } = statusText(report);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = { title: 'Open Profile Report', command: SHOW_REPORT_COMMAND, arguments: [uri] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscription.dispose();
  }
}
