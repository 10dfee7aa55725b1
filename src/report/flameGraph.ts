// The flame graph: a merged call tree computed from a V8 .cpuprofile (both languages keep their
// profile in that shape) and drawn as inline SVG. SVG geometry lives in attributes, not in style
// attributes, so the drawing needs no 'unsafe-inline' under the report's Content-Security-Policy.

import { html, SafeHtml } from './escape';
import { displayPath, formatMs, formatPercent } from './format';

/** The part of a V8 .cpuprofile the flame graph reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    children?: number[];
    hitCount?: number;
  }>;
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** user: the script's own code; library: installed packages; runtime: node:/stdlib/native frames. */
export type FrameKind = 'root' | 'user' | 'library' | 'runtime' | 'gc' | 'program' | 'idle';

export interface FlameFrame {
  name: string;
  /** Source file as a path ('' for native frames); file:// URLs are turned into paths. */
  file: string;
  /** 1-based line, 0 when unknown (V8's lineNumber is 0-based). */
  line: number;
  kind: FrameKind;
  selfMs: number;
  totalMs: number;
  children: FlameFrame[];
}

export interface FlameGraph {
  root: FlameFrame;
  /** Time in the drawn tree (everything but waiting). */
  totalMs: number;
  /** Time in (idle) samples: waiting, left out of the drawing. */
  idleMs: number;
  sampleCount: number;
}

const SPECIAL_KINDS: Record<string, FrameKind> = {
  '(root)': 'root',
  '(idle)': 'idle',
  '(garbage collector)': 'gc',
  '(program)': 'program',
};

function pathFromUrl(url: string): string {
  if (!url.startsWith('file://')) return url;
  try {
    let path = decodeURIComponent(url.slice('file://'.length));
    if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1); // file:///C:/...
    return path;
  } catch {
    return url;
  }
}

function kindOf(functionName: string, file: string): FrameKind {
  const special = SPECIAL_KINDS[functionName];
  if (special) return special;
  if (!file || file.startsWith('node:') || file.startsWith('<') || /[\\/]lib[\\/]python\d[^\\/]*[\\/](?!site-packages|dist-packages)/.test(file)) {
    return /[\\/](site|dist)-packages[\\/]/.test(file) ? 'library' : 'runtime';
  }
  if (/[\\/](node_modules|site-packages|dist-packages)[\\/]/.test(file)) return 'library';
  return 'user';
}

/** Milliseconds of CPU profile time attributed to each node id as its own (self) time. */
function selfTimeByNode(profile: CpuProfile): { self: Map<number, number>; sampleCount: number } {
  const self = new Map<number, number>();
  const samples = Array.isArray(profile.samples) ? profile.samples : [];
  const deltas = Array.isArray(profile.timeDeltas) ? profile.timeDeltas : [];
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the gap before sample i; a sample lasts until the next one (or endTime).
    const stamps: number[] = new Array(samples.length);
    let t = profile.startTime;
    for (let i = 0; i < samples.length; i++) stamps[i] = t += deltas[i] || 0;
    for (let i = 0; i < samples.length; i++) {
      const end = i + 1 < samples.length ? stamps[i + 1] : Math.max(profile.endTime, stamps[i]);
      const us = Math.max(0, end - stamps[i]);
      self.set(samples[i], (self.get(samples[i]) ?? 0) + us / 1000);
    }
    return { self, sampleCount: samples.length };
  }
  // No sample stream: spread the profile's duration over the hit counts.
  const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const perHitMs = hits > 0 ? Math.max(0, profile.endTime - profile.startTime) / 1000 / hits : 0;
  for (const n of profile.nodes) if (n.hitCount) self.set(n.id, n.hitCount * perHitMs);
  return { self, sampleCount: hits };
}

const MAX_DEPTH = 256;

/** Builds the merged call tree (siblings with the same function and location are one frame). */
export function flameGraphFromCpuProfile(profile: CpuProfile): FlameGraph {
  const nodes = Array.isArray(profile?.nodes) ? profile.nodes : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const isChild = new Set<number>();
  for (const n of nodes) for (const c of n.children ?? []) isChild.add(c);
  const { self, sampleCount } = selfTimeByNode(profile);

  const root: FlameFrame = { name: 'all', file: '', line: 0, kind: 'root', selfMs: 0, totalMs: 0, children: [] };
  let idleMs = 0;
  const visited = new Set<number>();

  const attach = (parent: FlameFrame, id: number, depth: number): void => {
    const node = byId.get(id);
    if (!node || visited.has(id)) return; // malformed profiles: unknown ids, cycles
    visited.add(id);
    const fn = node.callFrame?.functionName ?? '';
    const file = pathFromUrl(node.callFrame?.url ?? '');
    const kind = kindOf(fn, file);
    const ms = self.get(id) ?? 0;
    if (kind === 'idle') {
      idleMs += ms;
      for (const c of node.children ?? []) attach(parent, c, depth);
      return;
    }
    let frame = parent;
    if (kind !== 'root' && depth < MAX_DEPTH) {
      const name = fn || (file ? '(anonymous)' : '(native)');
      const line = node.callFrame?.lineNumber >= 0 ? node.callFrame.lineNumber + 1 : 0;
      frame = parent.children.find((f) => f.name === name && f.file === file && f.line === line) ?? (() => {
        const created: FlameFrame = { name, file, line, kind, selfMs: 0, totalMs: 0, children: [] };
        parent.children.push(created);
        return created;
      })();
    }
    frame.selfMs += ms;
    for (const c of node.children ?? []) attach(frame, c, frame === parent ? depth : depth + 1);
  };
  const roots = nodes.filter((n) => !isChild.has(n.id));
  for (const n of roots.length > 0 ? roots : nodes.slice(0, 1)) attach(root, n.id, 0);

  const total = (frame: FlameFrame): number => {
    frame.totalMs = frame.selfMs + frame.children.reduce((sum, c) => sum + total(c), 0);
    frame.children = frame.children.filter((c) => c.totalMs > 0).sort((a, b) => b.totalMs - a.totalMs);
    return frame.totalMs;
  };
  total(root);
  return { root, totalMs: root.totalMs, idleMs, sampleCount };
}

export interface FlameGraphRenderOptions {
  /** The profiled script, to show locations relative to its folder. */
  script?: string;
  /** Frames narrower than this share of the total are not drawn. */
  minShare?: number;
  /** Upper bound on drawn frames, to keep the document small. */
  maxFrames?: number;
  /** Rows drawn; deep recursion beyond this is cut (the .cpuprofile export keeps it all). */
  maxDepth?: number;
}

const ROW_HEIGHT = 20;
const ROW_GAP = 2;

interface PlacedFrame {
  frame: FlameFrame;
  x: number;
  w: number;
  depth: number;
  parentIndex: number;
}

function layout(graph: FlameGraph, minShare: number, maxFrames: number, maxDepth: number): PlacedFrame[] {
  const placed: PlacedFrame[] = [];
  const total = graph.totalMs;
  if (total <= 0) return placed;
  // Breadth-first so that a frame budget cuts the deepest, not the widest, frames.
  const queue: PlacedFrame[] = [{ frame: graph.root, x: 0, w: 1, depth: 0, parentIndex: -1 }];
  while (queue.length > 0 && placed.length < maxFrames) {
    const item = queue.shift()!;
    const index = placed.push(item) - 1;
    let x = item.x;
    for (const child of item.frame.children) {
      const w = child.totalMs / total;
      if (w >= minShare && item.depth + 1 < maxDepth) queue.push({ frame: child, x, w, depth: item.depth + 1, parentIndex: index });
      x += w;
    }
  }
  return placed;
}

function hashShade(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(h) % 4;
}

function frameLabel(frame: FlameFrame, script: string): string {
  if (frame.kind === 'root') return 'all';
  const where = frame.file ? `${displayPath(frame.file, script)}${frame.line ? `:${frame.line}` : ''}` : '';
  return where ? `${frame.name} \u2014 ${where}` : frame.name;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(4).replace(/\.?0+$/, '')}%`;
}

/** The flame graph as an <svg> (callers above callees, widest first), or an empty-state note. */
export function renderFlameGraph(graph: FlameGraph, opts: FlameGraphRenderOptions = {}): SafeHtml {
  const script = opts.script ?? '';
  const maxDepth = opts.maxDepth ?? 80;
  const placed = layout(graph, opts.minShare ?? 0.002, opts.maxFrames ?? 1500, maxDepth);
  if (placed.length === 0) {
    return html`<p class="empty">The profile holds no on-CPU samples to draw.</p>`;
  }
  const depth = placed.reduce((max, p) => Math.max(max, p.depth), 0) + 1;
  const height = depth * (ROW_HEIGHT + ROW_GAP);
  const frames = placed.map((p, index) => {
    const f = p.frame;
    const share = f.totalMs / graph.totalMs;
    const label = f.kind === 'root' ? `all on-CPU samples (${formatMs(graph.totalMs)})` : frameLabel(f, script);
    const tip = `${label}\nself ${formatMs(f.selfMs)} \u00b7 total ${formatMs(f.totalMs)} (${formatPercent(share)})`;
    const text = f.kind === 'root' ? `all \u00b7 ${formatMs(graph.totalMs)} on CPU` : f.name;
    const openable = f.file && f.line > 0 && f.kind !== 'runtime' && !f.file.startsWith('node:');
    return html`<g class="fg-frame fg-${f.kind} fg-shade-${hashShade(f.name)}" tabindex="${index === 0 ? 0 : -1}" role="treeitem" aria-level="${p.depth + 1}" aria-label="${tip.replace('\n', ', ')}" data-index="${index}" data-parent="${p.parentIndex}" data-depth="${p.depth}" data-x="${p.x.toFixed(6)}" data-w="${p.w.toFixed(6)}" data-label="${label}" data-self="${formatMs(f.selfMs)}" data-total="${formatMs(f.totalMs)}" data-share="${formatPercent(share)}"${openable ? html` data-file="${f.file}" data-line="${f.line}"` : ''}><title>${tip}</title><svg x="${pct(p.x)}" y="${p.depth * (ROW_HEIGHT + ROW_GAP)}" width="${pct(p.w)}" height="${ROW_HEIGHT}"><rect class="fg-rect" x="0" y="0" width="100%" height="${ROW_HEIGHT}" rx="2"></rect><text x="5" y="14">${text}</text></svg></g>`;
  });
  const idleNote = graph.idleMs > 0 ? html` Waiting time (${formatMs(graph.idleMs)} of (idle) samples) is not drawn.` : '';
  const depthNote = depth >= maxDepth ? html` Frames deeper than ${maxDepth} calls are not drawn.` : '';
  const hiddenNote = html`${idleNote}${depthNote}`;
  return html`<div class="fg" data-total="${formatMs(graph.totalMs)}">
  <svg class="fg-svg" role="tree" aria-label="Flame graph of ${formatMs(graph.totalMs)} on CPU" width="100%" height="${height}">${frames}</svg>
  <p class="fg-legend"><span><span class="fg-key fg-key-user"></span>your code</span><span><span class="fg-key fg-key-library"></span>libraries</span><span><span class="fg-key fg-key-runtime"></span>runtime and native</span><span><span class="fg-key fg-key-gc"></span>GC and VM</span></p>
  <p class="fg-details" aria-live="polite">Widest frames took the most time; callers sit above their callees.${hiddenNote}</p>
</div>`;
}
