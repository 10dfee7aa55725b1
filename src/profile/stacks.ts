// Time the samples spent with a given kind of frame on their stack (imports, a process pool's
// machinery, module compilation): what the measurement reads off a profile besides hotspots.
import type { CallFrame, CpuProfile, CpuProfileNode, Measurement } from './model';

/** A profile's nodes by id and each node's parent's id. */
export interface TreeIndex {
  byId: Map<number, CpuProfileNode>;
  parent: Map<number, number>;
}

const trees = new WeakMap<CpuProfileNode[], TreeIndex>();

/**
 * The profile's tree index, built once per profile: a large program's profile has tens of thousands
 * of nodes and the measurement, the hotspots and the verdict each walk it (building it for each
 * reader was the largest part of the analysis' own time). Keyed by the nodes array, which nothing replaces.
 */
export function treeIndex(profile: CpuProfile): TreeIndex {
  const known = trees.get(profile.nodes);
  if (known && known.byId.size === profile.nodes.length) return known;
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const index = { byId, parent };
  trees.set(profile.nodes, index);
  return index;
}

/** The main profile and the worker threads' profiles, each with its samples' weights and on-CPU flags. */
export function profilesOf(m: Measurement): Array<{ profile: CpuProfile; weightsMs: number[]; onCpu: boolean[] }> {
  return [
    { profile: m.profile, weightsMs: m.sampleWeightsMs, onCpu: m.sampleOnCpu },
    ...m.extraProfiles.map((profile) => {
      const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
      return { profile, weightsMs: profile.timeDeltas.map((d) => Math.max(0, d) / 1000), onCpu: profile.samples.map((id) => !idle.has(id)) };
    }),
  ];
}

/**
 * For a node, the first value `pick` gives walking its stack from the node itself outwards, or
 * undefined. Remembered for every node the walk passed, so the whole tree is walked about once
 * however many samples ask (stacks are a hundred frames deep in a large program).
 */
export function nearestOnStack<T>(profile: CpuProfile, pick: (node: CpuProfileNode) => T | undefined): (id: number) => T | undefined {
  const { byId, parent } = treeIndex(profile);
  const known = new Map<number, T | undefined>();
  return (id: number) => {
    const path: number[] = [];
    let found: T | undefined;
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      if (known.has(n)) {
        found = known.get(n);
        break;
      }
      path.push(n);
      const node = byId.get(n);
      found = node && pick(node);
      if (found !== undefined) break;
    }
    for (const n of path) known.set(n, found);
    return found;
  };
}

/**
 * Wall and on-CPU milliseconds of the samples `include` keeps whose stack holds a frame `matches`
 * accepts. `weightsMs[i]` and `onCpu[i]` describe sample i.
 */
export function timeWithFrame(
  profile: CpuProfile,
  weightsMs: number[],
  onCpu: boolean[],
  matches: (frame: CallFrame) => boolean,
  include: (sample: number) => boolean = () => true,
): { wallMs: number; cpuMs: number } {
  const hasFrame = nearestOnStack(profile, (node) => (matches(node.callFrame) ? true : undefined));
  let wallMs = 0;
  let cpuMs = 0;
  profile.samples.forEach((id, i) => {
    if (!include(i) || !hasFrame(id)) return;
    const w = weightsMs[i] ?? 0;
    wallMs += w;
    if (onCpu[i]) cpuMs += w;
  });
  return { wallMs, cpuMs };
}
