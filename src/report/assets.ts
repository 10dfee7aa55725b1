// media/report.css and the scripts (media/flame.js, the flame graph's model, then media/report.js)
// are the webview's assets; the self-contained HTML file inlines the same files. They are found next
// to the running code: dist/ in the packaged extension and CLI, out/src/report/ under tests.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The report's scripts, in the order they load. */
export const REPORT_SCRIPTS = ['flame.js', 'report.js'] as const;

export interface ReportAssets {
  css: string;
  /** The scripts, joined in load order. */
  js: string;
}

let cached: ReportAssets | undefined;

export function findMediaDir(start: string = __dirname): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'media', 'report.css')) && existsSync(join(dir, 'media', 'report.js'))) return join(dir, 'media');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export function loadReportAssets(): ReportAssets {
  if (cached) return cached;
  const media = findMediaDir();
  if (!media) throw new Error('Boundwise: media/report.css and media/report.js were not found beside the installed code');
  cached = {
    css: readFileSync(join(media, 'report.css'), 'utf8'),
    js: REPORT_SCRIPTS.map((f) => readFileSync(join(media, f), 'utf8')).join('\n'),
  };
  return cached;
}
