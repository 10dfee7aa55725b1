// Runs the real-program suite (workloads.mjs) under the profiler: each workload RUNS times, its
// verdict checked against the written one, and the predicted gain of its advice compared with the
// measured gain of the variant that follows it (the median of alternating pairs of runs). Returns the table's rows; records runs on request.
import { suiteContext } from './context.mjs';
import { WORKLOADS } from './workloads.mjs';

function verdictOk(report, expect) {
  const problems = [];
  if (expect.classes && !expect.classes.includes(report.classification)) problems.push(`class ${report.classification}`);
  if (!expect.ids.includes(report.recommendation.id)) problems.push(`advice ${report.recommendation.id}`);
  if (expect.maxGain && report.prediction.speedup > expect.maxGain * 1.05) problems.push(`promises ${report.prediction.speedup}x > ${expect.maxGain}x`);
  const text = `${report.recommendation.title} ${report.recommendation.detail} ${report.prediction.assumption} ${(report.caveats ?? []).join(' ')}`;
  if (expect.mention && !expect.mention.test(text)) problems.push(`does not say ${expect.mention.source.replace(/\|/g, ' or ')}`);
  return problems;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Alternating pairs that measure a variant's gain: three, or one for a quick run (one run per workload). */
const pairs = (runs) => (runs === 1 ? 1 : 3);

/**
 * @param {object} opts
 * @param {(task: object) => Promise<object>} opts.profileTask  the profiler (dist/worker.js)
 * @param {number} opts.runs  runs per workload
 * @param {string[]} [opts.only]  workload name fragments
 * @param {(name: string, recording: object) => void} [opts.onRecording]
 * @param {(line: string) => void} [opts.log]
 */
export async function runSuite({ profileTask, runs, only = [], onRecording, log = () => undefined }) {
  const ctx = await suiteContext();
  const selected = WORKLOADS.filter((w) => only.length === 0 || only.some((o) => w.name.includes(o)));
  const results = new Map();
  try {
    for (const w of selected) {
      const script = typeof w.script === 'function' ? w.script(ctx) : w.script;
      const reports = [];
      for (let i = 0; i < runs; i++) {
        log(`profiling ${w.name} (run ${i + 1} of ${runs}) ...`);
        const r = await profileTask({ script, args: w.args(ctx), ...(w.cwd ? { cwd: w.cwd(ctx) } : {}), python: ctx.python, timeoutMs: 180000, record: i === 0 && !!onRecording });
        if (!r.ok) throw new Error(`${w.name}: ${r.message}`);
        if (r.recording) onRecording(w.name, r.recording);
        reports.push(r.report);
      }
      results.set(w.name, { w, script, reports, wallMs: median(reports.map((r) => r.timings.wallMs)) });
    }
    // The measured gain: the workload and the variant its advice names run back to back, PAIRS
    // times in alternating order (a drift in the machine's speed then favours neither), and the
    // median of the pairs' ratios. The predicted gain it is compared with is the median of the
    // predictions of the workload's runs in those pairs: made at the same moments as the walls
    // they predict (the verdict runs above are minutes apart, on a machine whose load moves).
    const runOf = async ({ w, script }) => {
      const r = await profileTask({ script, args: w.args(ctx), ...(w.cwd ? { cwd: w.cwd(ctx) } : {}), python: ctx.python, timeoutMs: 180000 });
      if (!r.ok) throw new Error(`${w.name}: ${r.message}`);
      return r.report;
    };
    for (const result of results.values()) {
      const variant = results.get(result.w.variants?.[result.reports[0].recommendation.id]);
      if (!variant) continue;
      const ratios = [];
      const predictions = [];
      for (let i = 0; i < pairs(runs); i++) {
        log(`measuring ${result.w.name} against ${variant.w.name} (pair ${i + 1} of ${pairs(runs)}) ...`);
        const workloadFirst = i % 2 === 0;
        const [first, second] = workloadFirst ? [result, variant] : [variant, result];
        const a = await runOf(first);
        const b = await runOf(second);
        const [workload, other] = workloadFirst ? [a, b] : [b, a];
        ratios.push(workload.timings.wallMs / other.timings.wallMs);
        predictions.push(workload.prediction.speedup);
      }
      result.variant = variant;
      result.measured = median(ratios);
      result.predicted = median(predictions);
    }
  } finally {
    await ctx.close();
  }
  return [...results.values()].map(({ w, reports, wallMs, variant, measured, predicted = reports[0].prediction.speedup }) => {
    const problems = reports.map((r) => verdictOk(r, w.expect));
    return {
      name: w.name,
      expected: `${w.expect.classes ? `${w.expect.classes.join(' or ')}: ` : ''}${w.expect.ids.join(' or ')}`,
      got: reports.map((r) => `${r.classification}: ${r.recommendation.id}`).join(' / '),
      right: problems.every((p) => p.length === 0),
      problems: problems.flat(),
      wallS: wallMs / 1000,
      predicted,
      variant: variant?.w.name,
      measured,
      why: w.why,
    };
  });
}

export function printSuiteTable(rows, runs, print = console.log) {
  const header = ['workload', 'written verdict', `verdicts (${runs} run${runs === 1 ? '' : 's'})`, 'right', 'wall s', 'predicted', 'variant', 'measured', 'pred/meas'];
  print(`| ${header.join(' | ')} |`);
  print(`|${header.map(() => '---').join('|')}|`);
  for (const r of rows) {
    const ratio = r.measured ? r.predicted / r.measured : undefined;
    print(`| ${[
      r.name, r.expected, r.got, r.right ? 'yes' : `NO (${[...new Set(r.problems)].join('; ')})`, r.wallS.toFixed(2), `${r.predicted.toFixed(2)}x`,
      r.variant ?? '-', r.measured ? `${r.measured.toFixed(2)}x` : '-', ratio ? ratio.toFixed(2) : '-',
    ].join(' | ')} |`);
  }
  const right = rows.filter((r) => r.right).length;
  const compared = rows.filter((r) => r.measured);
  const close = compared.filter((r) => Math.abs(r.predicted / r.measured - 1) <= 0.3).length;
  print(`\n${right}/${rows.length} workloads match their written verdict on every run; ${close}/${compared.length} predicted gains within 30% of the measured variant (its gain: the median of ${pairs(runs)} alternating pair${pairs(runs) === 1 ? '' : 's'} of runs; the prediction: the median of the workload's own runs in those pairs).`);
}
