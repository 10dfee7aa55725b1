// Where the time went: per user function, self time (it was the innermost user frame) and total
// time (anywhere on the stack), from the weighted samples of the profile model.
import type { Hotspot } from './report';
import type { CpuProfile, CpuProfileNode, Measurement } from './model';
import { profilesOf, treeIndex } from './stacks';

interface Acc {
  function: string;
  file: string;
  lines: Map<number, number>;
  selfMs: number;
  totalMs: number;
  onCpuMs: number;
}

function accumulate(acc: Map<string, Acc>, profile: CpuProfile, weights: number[], onCpu: boolean[], m: Measurement): void {
  const { byId, parent } = treeIndex(profile);
  // Whether a node is the user's own code, once per node (samples walk the same nodes many times).
  const userFiles = new Set(m.userFiles);
  const own = new Map(profile.nodes.map((n) => [n.id, userFiles.has(n.callFrame.url) && !n.callFrame.functionName.startsWith('(')]));
  const python = m.language === 'python';
  // Python nodes carry the executing line already.
  const lineShares = new Map<number, Array<[number, number]>>();
  if (!python) {
    for (const n of profile.nodes) {
      const ticks = n.positionTicks?.reduce((t, p) => t + p.ticks, 0) ?? 0;
      if (ticks > 0) lineShares.set(n.id, n.positionTicks!.map((p) => [p.line, p.ticks / ticks]));
    }
  }
  // Samples of the same node share their stack: their weights are summed per node first, and each
  // sampled node's stack is walked once (a large program's profile has ten to a hundred times
  // fewer sampled nodes than samples, and stacks a hundred frames deep).
  const weightOf = new Map<number, { ms: number; onCpuMs: number }>();
  profile.samples.forEach((id, i) => {
    const w = weights[i] ?? 0;
    if (!w) return;
    let s = weightOf.get(id);
    if (!s) weightOf.set(id, (s = { ms: 0, onCpuMs: 0 }));
    s.ms += w;
    if (onCpu[i]) s.onCpuMs += w;
  });
  // Python nodes carry the executing line; V8 nodes carry the function's first line.
  const keyOf = (cf: CpuProfileNode['callFrame']) => (python ? `${cf.url}\0${cf.functionName}` : `${cf.url}\0${cf.functionName}\0${cf.lineNumber}`);
  for (const [id, { ms: w, onCpuMs }] of weightOf) {
    let innermost = true;
    const seen = new Set<string>();
    for (let nid: number | undefined = id; nid !== undefined; nid = parent.get(nid)) {
      const cf = byId.get(nid)?.callFrame;
      if (!cf || !own.get(nid)) continue;
      const key = keyOf(cf);
      let a = acc.get(key);
      if (!a) {
        a = { function: cf.functionName || '(anonymous)', file: cf.url, lines: new Map(), selfMs: 0, totalMs: 0, onCpuMs: 0 };
        acc.set(key, a);
      }
      if (innermost) {
        a.selfMs += w;
        a.onCpuMs += onCpuMs;
        // V8: the function's own lines where it was sampled running itself (positionTicks), shared
        // out in proportion; a frame that was calling something else keeps its first line.
        const shares = nid === id ? lineShares.get(nid) : undefined;
        if (shares) for (const [line, f] of shares) a.lines.set(line, (a.lines.get(line) ?? 0) + w * f);
        else a.lines.set(cf.lineNumber + 1, (a.lines.get(cf.lineNumber + 1) ?? 0) + w);
        innermost = false;
      }
      if (!seen.has(key)) {
        seen.add(key);
        a.totalMs += w;
        if (!a.lines.size) a.lines.set(cf.lineNumber + 1, 0);
      }
    }
  }
}

export function findHotspots(m: Measurement, limit = 10): Hotspot[] {
  const acc = new Map<string, Acc>();
  for (const { profile, weightsMs, onCpu } of profilesOf(m)) accumulate(acc, profile, weightsMs, onCpu, m);
  const round = (x: number) => Math.round(x * 10) / 10;
  return [...acc.values()]
    .filter((a) => a.totalMs > 0)
    .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs)
    .slice(0, limit)
    .map((a) => ({
      function: a.function,
      file: a.file,
      line: [...a.lines.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 0,
      selfMs: round(a.selfMs),
      totalMs: round(a.totalMs),
      onCpu: a.selfMs > 0 ? a.onCpuMs >= a.selfMs / 2 : true,
    }));
}
