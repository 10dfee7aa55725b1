// Shared between the VS Code client and the language server: setting types and the custom
// notifications. No `vscode` import here.
import type { Severity } from './analysis/types';

/** The `boundwise.*` settings, read per resource. */
export interface BoundwiseSettings {
  enable: boolean;
  severity: Record<string, Severity | 'off'>;
}

export const DEFAULT_SETTINGS: BoundwiseSettings = { enable: true, severity: {} };

/** Sent by the server when a document's state is worth telling the user (in the status bar). */
export const STATUS_NOTIFICATION = 'boundwise/status';

export interface StatusParams {
  uri: string;
  /** `ok`: analysed; `syntax-error`: showing the last good findings until the file parses;
   * `skipped`: not analysed (too large or binary); `failed`: the analyser crashed on this file. */
  state: 'ok' | 'syntax-error' | 'skipped' | 'failed';
  message: string;
}
