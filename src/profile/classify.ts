// Classification (docs/profile.md) and the recommendation with its
// evidence and predicted gain, from the measurement alone: the evidence (verdict/evidence.ts), the
// decision (verdict/decide.ts: ids and the numbers they rest on) and its wording, one table per
// language (verdict/pythonWording.ts, verdict/nodeWording.ts).
import type { Measurement } from './model';
import type { Classification, Hotspot, Prediction, Recommendation } from './report';
import { sketchFor } from './sketches';
import { decide } from './verdict/decide';
import { evidenceOf } from './verdict/evidence';
import { NODE_WORDING } from './verdict/nodeWording';
import { PYTHON_WORDING } from './verdict/pythonWording';
import { assumptionOf } from './verdict/wording';

export { classifyUtilization, CPU_BOUND, MIN_WALL_MS } from './verdict/decide';

export interface Verdict {
  classification: Classification;
  /** U: CPU time of the process tree / wall time. */
  utilization: number;
  /** U over the wall time without run-queue waits (other load on the machine); what the class is decided on. */
  demand: number;
  recommendation: Recommendation;
  prediction: Prediction;
}

export const WORDING = { python: PYTHON_WORDING, node: NODE_WORDING } as const;

export function classifyMeasurement(m: Measurement, hotspots: Hotspot[] = []): Verdict {
  const e = evidenceOf(m, hotspots);
  const d = decide(e, m);
  const words = WORDING[m.language];
  const say = words.cases[d.case];
  // Each table words every case its language's decisions reach (the compiler checks it).
  if (!say) throw new Error(`Boundwise has no wording for the ${d.case} case of a ${m.language} program`);
  const { title, detail } = say({ d, e, m });
  const sketch = sketchFor(d.case, d.id, m.language);
  const { assumption, unmeasured } = assumptionOf({ d, e, m }, words);
  const round = (x: number) => Math.round(x * 100) / 100;
  const [low, high] = d.gain.range;
  return {
    classification: d.classification,
    utilization: d.utilization,
    demand: d.demand,
    recommendation: sketch ? { id: d.id, title, detail, sketch } : { id: d.id, title, detail },
    prediction: {
      speedup: round(d.gain.speedup),
      assumption,
      ...(high > low + 0.005 ? { range: [round(low), round(high)] as [number, number] } : {}),
      ...(unmeasured ? { unmeasured } : {}),
      ...(d.gain.unknown ? { unknown: true } : {}),
    },
  };
}
