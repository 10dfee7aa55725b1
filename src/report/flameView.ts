// The flame graph section's markup: its tools (views, search, collapsing, waiting shown or not) and
// the call tree as compact JSON in a data attribute, escaped like every other value, which
// media/report.js draws with media/flame.js. Nothing is drawn here, so one drawing serves the
// left-heavy and sandwich views, zoom, search and a resized column alike.
import { html, SafeHtml } from './escape';
import type { FlameFrame, FlameGraph, FrameKind } from './flameGraph';
import { displayPath, formatMs, isOpenableFile } from './format';

export interface FlameViewOptions {
  /** The profiled script: locations under its folder are shown relative to it. */
  script?: string;
  /** Frames that may be opened in the editor (the webview); the standalone file opens nothing. */
  openFiles?: boolean;
  /** Most frames embedded; the smallest subtrees beyond it are folded into their caller. */
  maxFrames?: number;
  /** A control to add to the tools (the 0x button). */
  extraTools?: SafeHtml;
}

const KINDS: FrameKind[] = ['root', 'user', 'library', 'runtime', 'gc', 'program', 'idle'];

/** What media/flame.js decodes: interned names and files, frames depth-first with parent indexes. */
export interface FlameData {
  v: 1;
  kinds: FrameKind[];
  names: string[];
  /** [path, shown, 1 when the editor may open it] */
  files: Array<[string, string, 0 | 1]>;
  /** [name, file, line, kind, parent, self on CPU ms, self waiting ms] */
  frames: Array<[number, number, number, number, number, number, number]>;
  /** Frames too small to draw that were folded into their caller's own time. */
  folded: number;
  /** 0 when on-CPU and waiting time are not told apart (every frame's time is then wall time). */
  cpuKnown: 0 | 1;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** The graph as FlameData, keeping at most `maxFrames` frames (the widest; the rest fold into their caller). */
export function encodeFlameGraph(graph: FlameGraph, opts: FlameViewOptions = {}): FlameData {
  const maxFrames = opts.maxFrames ?? 20_000;
  // Widest first: a frame budget keeps what is visible and folds slivers into their caller.
  const kept = new Set<FlameFrame>([graph.root]);
  const queue: FlameFrame[] = [graph.root];
  const minMs = graph.totalMs * 1e-5;
  for (let i = 0; i < queue.length && kept.size < maxFrames; i++) {
    for (const c of queue[i].children) {
      if (kept.size >= maxFrames || c.totalMs < minMs) break; // children are sorted widest first
      kept.add(c);
      queue.push(c);
    }
  }
  const names = new Map<string, number>();
  const files = new Map<string, number>();
  const data: FlameData = { v: 1, kinds: KINDS, names: [], files: [], frames: [], folded: 0, cpuKnown: graph.cpuKnown === false ? 0 : 1 };
  const intern = (map: Map<string, number>, key: string, add: () => void): number => {
    let at = map.get(key);
    if (at === undefined) {
      at = map.size;
      map.set(key, at);
      add();
    }
    return at;
  };
  const visit = (frame: FlameFrame, parent: number): void => {
    let selfMs = frame.selfMs;
    let selfWaitMs = frame.selfWaitMs;
    const children = frame.children.filter((c) => {
      if (kept.has(c)) return true;
      selfMs += c.totalMs;
      selfWaitMs += c.totalWaitMs;
      data.folded += 1;
      return false;
    });
    const name = intern(names, frame.name, () => data.names.push(frame.name));
    const file = intern(files, frame.file, () => data.files.push([frame.file, frame.file ? displayPath(frame.file, opts.script ?? '') : '', opts.openFiles && frame.line > 0 && frame.kind !== 'runtime' && isOpenableFile(frame.file) ? 1 : 0]));
    const index = data.frames.push([name, file, frame.line, KINDS.indexOf(frame.kind), parent, round(selfMs - selfWaitMs), round(selfWaitMs)]) - 1;
    for (const c of children) visit(c, index);
  };
  visit(graph.root, -1);
  return data;
}

/** The flame graph section's content: tools, an empty drawing area and the embedded tree. */
export function renderFlameView(graph: FlameGraph, opts: FlameViewOptions = {}): SafeHtml {
  if (graph.totalMs <= 0) return html`<p class="empty">The profile holds no samples to draw.</p>`;
  const data = encodeFlameGraph(graph, opts);
  const cpuMs = graph.totalMs - graph.waitMs;
  const summary = !graph.cpuKnown
    ? `${formatMs(graph.totalMs)} of wall time sampled; this profile does not tell on-CPU from waiting time`
    : graph.waitMs > 0
      ? `${formatMs(graph.totalMs)} of thread time sampled: ${formatMs(cpuMs)} on CPU, ${formatMs(graph.waitMs)} waiting`
      : `${formatMs(graph.totalMs)} of thread time sampled, all on CPU`;
  return html`<div class="fg" data-graph="${JSON.stringify(data)}" data-open="${opts.openFiles ? '1' : '0'}">
  <div class="fg-toolbar" role="toolbar" aria-label="Flame graph">
    <span class="fg-views" role="group" aria-label="View">
      <button type="button" class="btn btn-small fg-view" data-view="left-heavy" aria-pressed="true" title="Merged call tree, widest calls first (speedscope's left heavy)">Left heavy</button>
      <button type="button" class="btn btn-small fg-view" data-view="sandwich" aria-pressed="false" title="Every function with its self and total time; pick one to see its callers and callees">Sandwich</button>
    </span>
    <input type="search" class="fg-search" placeholder="Search functions and files" aria-label="Search functions and files" spellcheck="false">
    <label class="fg-option"><input type="checkbox" class="fg-collapse" checked> Collapse runtime frames</label>
    <label class="fg-option"${graph.waitMs > 0 ? '' : html` hidden`}><input type="checkbox" class="fg-waiting" checked> Include waiting</label>
    <button type="button" class="btn btn-small" data-action="fg-reset" title="Show the whole graph (Esc)">Reset zoom</button>
    ${opts.extraTools ?? ''}
  </div>
  <p class="fg-status muted" aria-live="polite">${summary}.</p>
  <div class="fg-canvas" data-pane="left-heavy"><svg class="fg-svg" role="tree" aria-label="Flame graph: ${summary}" width="100%" height="0"></svg></div>
  <div class="fg-sandwich" data-pane="sandwich" hidden>
    <div class="table-wrap fg-functions-wrap"><table class="data fg-functions">
      <thead><tr><th scope="col">Function</th><th scope="col">Location</th><th scope="col" class="num">Self</th><th scope="col" class="num">Total</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <div class="fg-sandwich-graphs" hidden>
      <h3 class="fg-pane-title">Callers <span class="muted">(who called it, above it)</span></h3>
      <svg class="fg-svg fg-callers" role="tree" aria-label="Callers" width="100%" height="0"></svg>
      <h3 class="fg-pane-title">Callees <span class="muted">(what it called, below it)</span></h3>
      <svg class="fg-svg fg-callees" role="tree" aria-label="Callees" width="100%" height="0"></svg>
    </div>
  </div>
  <div class="fg-tip" role="tooltip" hidden></div>
  ${renderLegend(graph)}
  <p class="fg-hint muted">Click a frame to zoom${opts.openFiles ? ', double-click or O to open its source' : ''}, Esc to reset; arrows move between frames.${data.folded ? ` ${data.folded} frames under 0.001% of the time are folded into their callers.` : ''}</p>
</div>`;
}

/** The colours' key: on CPU by whose code, and waiting; or, when the samples do not tell the two
 * apart (a report kept from before the sampler recorded it), the one neutral wall-time colour. */
function renderLegend(graph: FlameGraph): SafeHtml {
  if (!graph.cpuKnown) {
    return html`<p class="fg-legend"><span class="fg-legend-group">Wall time:</span><span><span class="fg-key fg-key-wall"></span>every frame (this run's samples do not say whether it was on the CPU or waiting)</span></p>`;
  }
  return html`<p class="fg-legend"><span class="fg-legend-group">On CPU:</span><span><span class="fg-key fg-key-user"></span>your code</span><span><span class="fg-key fg-key-library"></span>libraries</span><span><span class="fg-key fg-key-runtime"></span>runtime and native</span><span><span class="fg-key fg-key-gc"></span>GC and VM</span><span class="fg-legend-group">Waiting:</span><span><span class="fg-key fg-key-wait"></span>off the CPU</span></p>`;
}
