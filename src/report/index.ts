// The report renderer: one body, two documents (VS Code webview and self-contained HTML file).
export { escapeHtml } from './escape';
export { renderReportBody } from './render';
export type { ReportBodyOptions, ReportTarget, ExportFormat } from './render';
export { renderReportHtml, renderReportWebview, createNonce } from './html';
export { REPORT_SCRIPTS } from './assets';
export type { ReportHtmlOptions, ReportWebviewOptions } from './html';
export { flameGraphFromCpuProfile } from './flameGraph';
export type { CpuProfile, FlameGraph, FlameFrame, FrameKind } from './flameGraph';
export { encodeFlameGraph, renderFlameView } from './flameView';
export { isReportMessage } from './messages';
export type { ReportMessage, ReportHostMessage } from './messages';
