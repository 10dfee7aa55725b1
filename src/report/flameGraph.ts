// The flame graph's call tree: merged (siblings with the same function and location are one frame)
// from a V8 .cpuprofile, which both languages keep, with each frame's time split into on-CPU and
// waiting. flameView.ts embeds it in the report; media/flame.js and media/report.js draw it.

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
  /** Time this frame was the innermost one, and the part of it spent waiting. */
  selfMs: number;
  selfWaitMs: number;
  /** Time anywhere under this frame, and the part of it spent waiting. */
  totalMs: number;
  totalWaitMs: number;
  children: FlameFrame[];
}

export interface FlameGraph {
  root: FlameFrame;
  /** Everything the samples cover: on CPU and waiting. */
  totalMs: number;
  /** The waiting part: Node's (idle) samples, Python's samples of threads off the CPU. */
  waitMs: number;
  /** Time in Node's (idle) samples (part of waitMs). */
  idleMs: number;
  sampleCount: number;
  /** Whether on-CPU and waiting time are told apart: per-sample flags were given, or the profile
   * marks waiting itself (V8's (idle) samples). Without them every sample counts as on the CPU,
   * which the graph must not claim. */
  cpuKnown: boolean;
}

export interface FlameGraphInput {
  /** Per sample of the profile, whether the thread was on the CPU (Python's sampler knows; a V8
   * profile says it by its (idle) samples). */
  sampleOnCpu?: ArrayLike<boolean | number>;
  /** Merge frames by function, whatever line they were at (Python's nodes carry the executing
   * line, V8's the function's first line); a frame then shows its busiest line. */
  byFunction?: boolean;
  /** The profile marks its waiting itself (a V8 profile: (idle) samples), even when it has none. */
  statesInProfile?: boolean;
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

/** Milliseconds of profile time attributed to each node id as its own (self) time, and the part
 * of it that samples marked as off the CPU. */
function selfTimeByNode(profile: CpuProfile, sampleOnCpu?: ArrayLike<boolean | number>): { self: Map<number, number>; selfWait: Map<number, number>; sampleCount: number; flagged: boolean } {
  const self = new Map<number, number>();
  const selfWait = new Map<number, number>();
  const samples = Array.isArray(profile.samples) ? profile.samples : [];
  const deltas = Array.isArray(profile.timeDeltas) ? profile.timeDeltas : [];
  const flags = sampleOnCpu && sampleOnCpu.length === samples.length ? sampleOnCpu : undefined;
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the gap before sample i; a sample lasts until the next one (or endTime).
    const stamps: number[] = new Array(samples.length);
    let t = profile.startTime;
    for (let i = 0; i < samples.length; i++) stamps[i] = t += deltas[i] || 0;
    for (let i = 0; i < samples.length; i++) {
      const end = i + 1 < samples.length ? stamps[i + 1] : Math.max(profile.endTime, stamps[i]);
      const ms = Math.max(0, end - stamps[i]) / 1000;
      self.set(samples[i], (self.get(samples[i]) ?? 0) + ms);
      if (flags && !flags[i]) selfWait.set(samples[i], (selfWait.get(samples[i]) ?? 0) + ms);
    }
    return { self, selfWait, sampleCount: samples.length, flagged: !!flags };
  }
  // No sample stream: spread the profile's duration over the hit counts.
  const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const perHitMs = hits > 0 ? Math.max(0, profile.endTime - profile.startTime) / 1000 / hits : 0;
  for (const n of profile.nodes) if (n.hitCount) self.set(n.id, n.hitCount * perHitMs);
  return { self, selfWait, sampleCount: hits, flagged: false };
}

const MAX_DEPTH = 256;

/** Builds the merged call tree (siblings with the same function and location are one frame). */
export function flameGraphFromCpuProfile(profile: CpuProfile, input: FlameGraphInput = {}): FlameGraph {
  const nodes = Array.isArray(profile?.nodes) ? profile.nodes : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const isChild = new Set<number>();
  for (const n of nodes) for (const c of n.children ?? []) isChild.add(c);
  const { self, selfWait, sampleCount, flagged } = selfTimeByNode(profile, input.sampleOnCpu);

  const root = frameOf('all', '', 0, 'root');
  let idleMs = 0;
  const visited = new Set<number>();
  // By function: the time under each line a frame was seen at, to show its busiest line.
  const lineMs = new Map<FlameFrame, Map<number, number>>();
  const under = subtreeTime(byId, self);

  const attach = (parent: FlameFrame, id: number, depth: number): void => {
    const node = byId.get(id);
    if (!node || visited.has(id)) return; // malformed profiles: unknown ids, cycles
    visited.add(id);
    const fn = node.callFrame?.functionName ?? '';
    const file = pathFromUrl(node.callFrame?.url ?? '');
    const kind = kindOf(fn, file);
    const ms = self.get(id) ?? 0;
    // (idle) is the event loop waiting: all of it is waiting time, drawn as its own frame.
    const waitMs = kind === 'idle' ? ms : selfWait.get(id) ?? 0;
    if (kind === 'idle') idleMs += ms;
    let frame = parent;
    if (kind !== 'root' && depth < MAX_DEPTH) {
      const name = fn || (file ? '(anonymous)' : '(native)');
      const line = node.callFrame?.lineNumber >= 0 ? node.callFrame.lineNumber + 1 : 0;
      frame = parent.children.find((f) => f.name === name && f.file === file && (input.byFunction || f.line === line)) ?? (() => {
        const created = frameOf(name, file, line, kind);
        parent.children.push(created);
        return created;
      })();
      if (input.byFunction) {
        const lines = lineMs.get(frame) ?? new Map<number, number>();
        lines.set(line, (lines.get(line) ?? 0) + under(id));
        lineMs.set(frame, lines);
      }
    }
    frame.selfMs += ms;
    frame.selfWaitMs += waitMs;
    for (const c of node.children ?? []) attach(frame, c, frame === parent ? depth : depth + 1);
  };
  const roots = nodes.filter((n) => !isChild.has(n.id));
  for (const n of roots.length > 0 ? roots : nodes.slice(0, 1)) attach(root, n.id, 0);
  for (const [frame, lines] of lineMs) frame.line = [...lines].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];

  const total = (frame: FlameFrame): void => {
    frame.totalMs = frame.selfMs;
    frame.totalWaitMs = frame.selfWaitMs;
    for (const c of frame.children) {
      total(c);
      frame.totalMs += c.totalMs;
      frame.totalWaitMs += c.totalWaitMs;
    }
    frame.children = frame.children.filter((c) => c.totalMs > 0).sort((a, b) => b.totalMs - a.totalMs);
  };
  total(root);
  return { root, totalMs: root.totalMs, waitMs: root.totalWaitMs, idleMs, sampleCount, cpuKnown: flagged || !!input.statesInProfile || idleMs > 0 };
}

/** Time under each node (its own and its descendants'), computed once per node; cycles count once. */
function subtreeTime(byId: Map<number, CpuProfile['nodes'][number]>, self: Map<number, number>): (id: number) => number {
  const memo = new Map<number, number>();
  const walk = (id: number, open: Set<number>): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    open.add(id);
    let ms = self.get(id) ?? 0;
    for (const c of byId.get(id)?.children ?? []) if (!open.has(c)) ms += walk(c, open);
    open.delete(id);
    memo.set(id, ms);
    return ms;
  };
  return (id) => walk(id, new Set());
}

function frameOf(name: string, file: string, line: number, kind: FrameKind): FlameFrame {
  return { name, file, line, kind, selfMs: 0, selfWaitMs: 0, totalMs: 0, totalWaitMs: 0, children: [] };
}

