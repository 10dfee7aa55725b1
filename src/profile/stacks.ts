// Time the samples spent with a given kind of frame on their stack (imports, a process pool's
// machinery, module compilation): what the measurement reads off a profile besides hotspots.
import type { CallFrame, CpuProfile, Measurement } from './model';

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
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Whether a node or one of its ancestors matches, once per node.
  const hit = new Map<number, boolean>();
  const hasFrame = (id: number): boolean => {
    const path: number[] = [];
    let found = false;
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const known = hit.get(n);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(n);
      const node = byId.get(n);
      if (node && matches(node.callFrame)) {
        found = true;
        break;
      }
    }
    for (const n of path) hit.set(n, found);
    return found;
  };
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
