// Shared between the VS Code client and the language server: setting types and the custom
// notifications, typed (a handler or sender with the wrong parameters does not compile). No `vscode`
// import here.
import { NotificationType } from 'vscode-jsonrpc';
import type { Severity } from './analysis/types';

/** The `boundwise.*` settings, read per resource. */
export interface BoundwiseSettings {
  enable: boolean;
  severity: Record<string, Severity | 'off'>;
}

export const DEFAULT_SETTINGS: BoundwiseSettings = { enable: true, severity: {} };

export interface StatusParams {
  uri: string;
  /** `ok`: analysed; `syntax-error`: showing the last good findings until the file parses;
   * `skipped`: not analysed (too large or binary); `failed`: the analyser crashed on this file. */
  state: 'ok' | 'syntax-error' | 'skipped' | 'failed';
  message: string;
}

/** Sent by the server when a document's state is worth telling the user (in the status bar). */
export const StatusNotification = new NotificationType<StatusParams>('boundwise/status');

export interface ProfileMeasurementsParams {
  /** The profiled script (absolute path). */
  script: string;
  wallMs: number;
  /** Blocking call sites: file (absolute path), 1-based line, the call, milliseconds spent there. */
  sites: Array<{ file: string; line: number; call: string; ms: number }>;
}

/** Sent by the client after "Boundwise: Profile and Classify": where the run measured time spent
 * waiting in blocking calls, so hovers on findings there can quote it. The server checks the
 * parameters before use (a client may send anything). */
export const ProfileMeasurementsNotification = new NotificationType<ProfileMeasurementsParams>('boundwise/profileMeasurements');
