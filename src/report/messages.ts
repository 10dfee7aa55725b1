// Messages between media/report.js and the extension (the webview panel's onDidReceiveMessage).

/** Posted by the report page. */
export type ReportMessage =
  | { type: 'ready' }
  | { type: 'open'; file: string; line: number }
  | { type: 'rerun' }
  /** From the placeholder shown while the script runs: stop it and show the report. */
  | { type: 'stop' }
  | { type: 'export'; format: 'html' | 'json' | 'cpuprofile' }
  /** Open 0x's flame graph of this run (Node). */
  | { type: 'zerox' };

/** Posted to the report page: `busy` disables Re-run while a run is in progress. */
export type ReportHostMessage = { type: 'busy'; busy: boolean };

export function isReportMessage(value: unknown): value is ReportMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'rerun':
    case 'stop':
    case 'zerox':
      return true;
    case 'open':
      return typeof m.file === 'string' && m.file.length > 0 && Number.isInteger(m.line) && (m.line as number) >= 0;
    case 'export':
      return m.format === 'html' || m.format === 'json' || m.format === 'cpuprofile';
    default:
      return false;
  }
}
