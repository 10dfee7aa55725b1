// Number and path formatting shared by the report sections. Inputs come from JSON, so every
// function tolerates a missing or non-finite value and shows an en dash instead.

const DASH = '\u2013';

function finite(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** 0.4 ms, 12 ms, 850 ms, 1.24 s, 73.1 s, 4 min 12 s */
export function formatMs(value: unknown): string {
  const ms = finite(value);
  if (ms === undefined) return DASH;
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(abs === 0 ? 0 : 1)} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (abs < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** A fraction (0.42) as a percentage ("42%"); one decimal below 10%. */
export function formatPercent(fraction: unknown): string {
  const f = finite(fraction);
  if (f === undefined) return DASH;
  const pct = f * 100;
  if (pct !== 0 && Math.abs(pct) < 10) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** 3.4× ; two decimals below 10 so small gains stay visible. */
export function formatSpeedup(value: unknown): string {
  const s = finite(value);
  if (s === undefined || s <= 0) return DASH;
  return s >= 10 ? `${s.toFixed(1)}\u00d7` : `${s.toFixed(2)}\u00d7`;
}

/** Requests per second, one decimal: "199.5 req/s". */
export function formatRate(value: unknown): string {
  const n = finite(value);
  return n === undefined ? DASH : `${n.toFixed(1)} req/s`;
}

export function formatCount(value: unknown): string {
  const n = finite(value);
  if (n === undefined) return DASH;
  return Math.round(n).toLocaleString('en-US');
}

/** Share of `part` in `whole`, 0 when the whole is empty. */
export function share(part: unknown, whole: unknown): number {
  const p = finite(part) ?? 0;
  const w = finite(whole) ?? 0;
  return w > 0 ? Math.max(0, Math.min(1, p / w)) : 0;
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(0, i + 1) : '';
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

/** A file shown relative to the script's folder when it lives under it; otherwise as given. */
export function displayPath(file: string, script: string): string {
  const dir = dirOf(script);
  if (dir && file.startsWith(dir) && file.length > dir.length) return file.slice(dir.length);
  return file;
}

/** Runtime-internal modules (node:fs, <frozen importlib>) have no file to open in the editor. */
export function isOpenableFile(file: string | undefined): boolean {
  return !!file && !/^(node|internal):/.test(file) && !file.startsWith('<');
}
