// The two documents around one body: the self-contained HTML report (assets inline) and the VS Code
// webview (assets loaded through webview URIs). Both carry a nonce-based Content-Security-Policy.

import { randomBytes } from 'node:crypto';
import type { ProfileReport } from '../profile/report';
import { escapeHtml } from './escape';
import { loadReportAssets, ReportAssets } from './assets';
import { renderReportBody, type ReportBodyOptions } from './render';
import { baseName } from './format';

/** What both documents show besides the report itself (see ReportBodyOptions). */
type ReportContent = Omit<ReportBodyOptions, 'target'>;

export interface ReportHtmlOptions extends ReportContent {
  /** Fixed nonce (tests); a fresh random one otherwise. */
  nonce?: string;
  /** Inline these instead of media/report.css and media/report.js. */
  assets?: ReportAssets;
}

export interface ReportWebviewOptions extends ReportContent {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri of each of REPORT_SCRIPTS (in that order) and of media/report.css, as strings. */
  scriptUris: readonly string[];
  styleUri: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

export function checkNonce(nonce: string): string {
  // A nonce lands inside the CSP and attributes; refuse anything but base64/base64url characters.
  if (!/^[A-Za-z0-9+/_=-]{8,}$/.test(nonce)) throw new Error('Boundwise: invalid CSP nonce');
  return nonce;
}

/** Keeps inline CSS/JS from ending its own element early. */
export function inlineSafe(code: string, tag: 'style' | 'script'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

function title(report: ProfileReport): string {
  return `Boundwise: ${baseName(report.script ?? '')} \u2014 ${report.classification ?? ''}`;
}

/** The document both variants share: CSP, viewport, title, then their own assets around the body. */
export function htmlDocument(parts: { csp: string; title: string; head: string; bodyClass?: string; body: string; tail: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.head}
</head>
<body${parts.bodyClass ? ` class="${parts.bodyClass}"` : ''}>
${parts.body}
${parts.tail}
</body>
</html>
`;
}

/** The report as one self-contained HTML document: nothing is fetched, styles and script inline. */
export function renderReportHtml(report: ProfileReport, opts: ReportHtmlOptions = {}): string {
  const nonce = escapeHtml(checkNonce(opts.nonce ?? createNonce()));
  const assets = opts.assets ?? loadReportAssets();
  return htmlDocument({
    csp: `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`,
    title: title(report),
    head: `<meta name="color-scheme" content="light dark">\n<style nonce="${nonce}">\n${inlineSafe(assets.css, 'style')}\n</style>`,
    bodyClass: 'standalone',
    body: renderReportBody(report, { ...opts, target: 'standalone' }),
    tail: `<script nonce="${nonce}">\n${inlineSafe(assets.js, 'script')}\n</script>`,
  });
}

/** The webview's HTML: media/report.css and media/report.js through webview URIs. */
export function renderReportWebview(report: ProfileReport, opts: ReportWebviewOptions): string {
  const nonce = escapeHtml(checkNonce(opts.nonce));
  return htmlDocument({
    csp: `default-src 'none'; style-src ${opts.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${opts.cspSource} data:; font-src ${opts.cspSource}`,
    title: title(report),
    head: `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(opts.styleUri)}">`,
    body: renderReportBody(report, { ...opts, target: 'webview' }),
    tail: opts.scriptUris.map((uri) => `<script nonce="${nonce}" src="${escapeHtml(uri)}"></script>`).join('\n'),
  });
}
