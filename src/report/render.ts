// The report's markup, shared by the VS Code webview and the self-contained HTML file. Pure: no
// `vscode`, no file system. Every value from the report goes through the `html` tag, which escapes it.

import type { Classification, Hotspot, ProfileReport } from '../profile/report';
import { softBreaks } from './breaks';
import { html, prose, SafeHtml } from './escape';
import { CpuProfile, FlameGraph, flameGraphFromCpuProfile } from './flameGraph';
import { renderFlameView } from './flameView';
import { zeroXNote } from './zeroX';
import { formatUtilisation, utilisationPhrase } from '../profile/utilisation';
import { measuredChange, predictsGain } from './comparison';
import { loopSites, loopSummary } from './loopBlocks';
import { attachedBadge, renderServerContent } from './serverView';
import { baseName, displayPath, formatCount, formatMs, formatPercent, formatRate, formatSpeedup, isOpenableFile, share } from './format';

export type ReportTarget = 'webview' | 'standalone';

export type ExportFormat = 'html' | 'json' | 'cpuprofile';

export interface ReportBodyOptions {
  /** The webview gets Re-run/Export and clickable locations; the standalone file shows plain text. */
  target: ReportTarget;
  /** The result of the run before this one: shown beside it with the measured speed-up. */
  previous?: ProfileReport;
  /** The run's .cpuprofile (or an already computed flame graph) for the flame graph section. */
  cpuProfile?: CpuProfile;
  /** Per sample of cpuProfile, whether it was on the CPU (Python; Node's profile says it itself). */
  sampleOnCpu?: ArrayLike<boolean | number>;
  flameGraph?: FlameGraph;
  /** Shown in the footer, e.g. "Boundwise 0.1.0". */
  generator?: string;
  /** ISO time of the run, shown in the header when given. */
  generatedAt?: string;
}

const CLASS_LABELS: Record<Classification, string> = {
  'cpu-bound': 'CPU-bound',
  'io-bound': 'I/O-bound',
  mixed: 'Mixed',
  failed: 'Failed',
};

/** The verdict's name as every Boundwise surface shows it (report, status bar, recent runs). */
export function classificationLabel(c: unknown): string {
  return CLASS_LABELS[c as Classification] ?? String(c);
}

/** A safe CSS class fragment for the classification (never taken verbatim from the input). */
function classKey(c: unknown): string {
  return c === 'cpu-bound' || c === 'io-bound' || c === 'mixed' || c === 'failed' ? c : 'unknown';
}

function cpuMs(r: ProfileReport): number {
  const t = r.timings;
  return (t?.cpuUserMs ?? 0) + (t?.cpuSysMs ?? 0) + (t?.childCpuMs ?? 0);
}

function waitingShare(r: ProfileReport): number {
  return share(r.samples?.waiting, (r.samples?.onCpu ?? 0) + (r.samples?.waiting ?? 0));
}

/** The headline under the verdict: the CPU utilisation the class was decided on, worded and
 * formatted as on every other surface (the card's stat, the timings table, the CLI, the status
 * bar). The on-CPU share of the samples is a different quantity; it stays in its own bar below. */
function verdictSummary(r: ProfileReport): string {
  const cores = r.timings?.cores;
  const figure = `${utilisationPhrase(r.timings?.utilization)}${cores ? ` on ${cores} core${cores === 1 ? '' : 's'}` : ''}`;
  switch (r.classification) {
    case 'cpu-bound':
      return `${figure}: computation, not waiting, sets the pace.`;
    case 'io-bound':
      return `${figure}: the script mostly waited for the outside world (network, disk, subprocesses, sleeps).`;
    case 'mixed':
      return `${figure}: both computation and waiting take a real share.`;
    case 'failed':
      return `The run failed before doing its work${r.failure?.errorLine ? `: ${r.failure.errorLine}` : ''}. There is nothing to classify.`;
    default:
      return `${figure}.`;
  }
}

/** A location: a button that opens the file in the webview, plain text in the standalone file. */
function location(file: string, line: number, script: string, target: ReportTarget): SafeHtml {
  const shown = softBreaks(`${displayPath(file, script)}${line > 0 ? `:${line}` : ''}`, 'path');
  if (target !== 'webview' || !isOpenableFile(file)) return html`<code class="loc" title="${file}">${shown}</code>`;
  return html`<button type="button" class="loc link" data-open-file="${file}" data-open-line="${line}" title="Open ${file} at line ${line}"><code>${shown}</code></button>`;
}

function meter(fraction: number, label: string): SafeHtml {
  const w = `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(2)}%`;
  return html`<svg class="meter" width="64" height="8" role="img" aria-label="${label}"><rect class="meter-track" width="100%" height="8" rx="2"></rect><rect class="meter-fill" width="${w}" height="8" rx="2"></rect></svg>`;
}

function section(id: string, title: string, body: SafeHtml | SafeHtml[], aside?: SafeHtml): SafeHtml {
  return html`<section class="card" id="${id}" data-section="${id}" aria-labelledby="${id}-title">
  <header class="card-head"><h2 id="${id}-title">${title}</h2>${aside ?? ''}</header>
  ${body}
</section>`;
}

function renderHeader(r: ProfileReport, opts: ReportBodyOptions): SafeHtml {
  const lang = r.language === 'python' ? 'Python' : r.language === 'node' ? 'Node.js' : String(r.language ?? '');
  // (A server stopped after its load ends by the stop's signal: its stopped badge says so.)
  const exit = r.exitCode === null || r.exitCode === undefined
    ? html`<span class="badge badge-warn">killed</span>`
    : r.exitCode === 0
      ? html`<span class="badge">exit 0</span>`
      : html`<span class="badge badge-warn">exit ${r.exitCode}</span>`;
  const toolbar = opts.target === 'webview'
    ? html`<div class="toolbar" role="toolbar" aria-label="Report actions">
    <button type="button" class="btn btn-primary" data-action="rerun" title="Run the script again under the profiler">Re-run</button>
    <span class="btn-group" role="group" aria-label="Export">
      <span class="btn-group-label">Export</span>
      <button type="button" class="btn" data-action="export" data-format="html" title="Save this report as one HTML file">HTML</button>
      <button type="button" class="btn" data-action="export" data-format="json" title="Save the report JSON">JSON</button>
      ${opts.cpuProfile || opts.flameGraph ? html`<button type="button" class="btn" data-action="export" data-format="cpuprofile" title="Save the V8 .cpuprofile (opens in Chrome DevTools, speedscope, 0x)">.cpuprofile</button>` : ''}
    </span>
  </div>`
    : '';
  return html`<header class="report-head">
  <div class="title">
    <p class="eyebrow">Boundwise profile${opts.generatedAt ? html` \u00b7 <time datetime="${opts.generatedAt}">${opts.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>` : ''}</p>
    <h1>${baseName(r.script ?? '')}</h1>
    <p class="path"><code>${r.script}</code></p>
    <p class="badges"><span class="badge"${r.runtime?.command ? html` title="${r.runtime.command}"` : ''}>${lang}${r.runtime?.version ? ` ${r.runtime.version}` : ''}</span>${r.attached ? attachedBadge(r) : r.stopped?.by === 'load' ? '' : exit}${stoppedBadge(r)}<span class="badge">${formatCount(r.samples?.count)} samples @ ${formatCount(r.samples?.hz)} Hz</span></p>
  </div>
  ${toolbar}
</header>`;
}

function stoppedBadge(r: ProfileReport): SafeHtml | string {
  if (r.stopped) return html`<span class="badge badge-warn">stopped ${r.stopped.by === 'timeout' ? 'by the timeout' : r.stopped.by === 'load' ? 'by Boundwise when the load was over,' : 'by you'} after ${formatMs(r.stopped.afterMs)}</span>`;
  return r.timedOut ? html`<span class="badge badge-warn">timed out</span>` : '';
}

function renderVerdict(r: ProfileReport): SafeHtml {
  const key = classKey(r.classification);
  const wait = waitingShare(r);
  const onCpu = 1 - wait;
  const total = (r.samples?.onCpu ?? 0) + (r.samples?.waiting ?? 0);
  const bar = total > 0
    ? html`<svg class="split-bar" width="100%" height="14" role="img" aria-label="On CPU ${formatPercent(onCpu)}, waiting ${formatPercent(wait)}"><rect class="split-wait" width="100%" height="14" rx="3"></rect><rect class="split-cpu" width="${(onCpu * 100).toFixed(2)}%" height="14" rx="3"></rect></svg>`
    : html`<p class="empty">No samples were recorded.</p>`;
  return html`<section class="card verdict verdict-${key}" id="verdict" data-section="verdict" aria-labelledby="verdict-title">
  <div class="verdict-main">
    <p class="eyebrow">Verdict</p>
    <h2 id="verdict-title" class="verdict-class"><span class="dot" aria-hidden="true"></span>${classificationLabel(r.classification)}</h2>
    <p class="verdict-summary">${r.stopped && r.stopped.by !== 'load' ? 'Measured on a stopped run (what ran until the stop). ' : ''}${verdictSummary(r)}</p>
    ${renderCaveats(r)}
    <div class="why"><h3>Why</h3><p>${prose(r.recommendation?.detail)}</p></div>
  </div>
  <dl class="stats">
    <div class="stat"><dt>Wall time</dt><dd>${formatMs(r.timings?.wallMs)}</dd></div>
    <div class="stat"><dt>CPU utilisation</dt><dd>${formatUtilisation(r.timings?.utilization)}</dd></div>
    <div class="stat"><dt>CPU time</dt><dd>${formatMs(cpuMs(r))}</dd></div>
    <div class="stat${predictsGain(r) ? ' stat-accent' : ''}"><dt>Predicted gain</dt><dd>${predictedGain(r)}</dd></div>
  </dl>
  <div class="split" id="cpu-vs-waiting" data-section="cpu-vs-waiting">
    <h3>On CPU vs waiting</h3>
    ${bar}
    <p class="legend"><span class="key key-cpu" aria-hidden="true"></span>On CPU <strong>${formatPercent(onCpu)}</strong> <span class="muted">(${formatCount(r.samples?.onCpu)} samples)</span>
      <span class="key key-wait" aria-hidden="true"></span>Waiting <strong>${formatPercent(wait)}</strong> <span class="muted">(${formatCount(r.samples?.waiting)} samples)</span></p>
  </div>
</section>`;
}

function renderComparison(r: ProfileReport, prev: ProfileReport): SafeHtml {
  const before = prev.timings?.wallMs ?? 0;
  const after = r.timings?.wallMs ?? 0;
  const c = measuredChange(prev, r);
  const noise = `\u00b1${Math.round(c.noise * 100)}%`;
  const noiseNote = c.noiseFrom === 'repeats' ? `${noise}, the spread of the repeated runs` : `${noise}, the least counted as a change between single runs`;
  const headline = c.change === 'faster'
    ? html`<strong class="good">${formatSpeedup(c.speedup)} faster</strong>`
    : c.change === 'slower'
      ? html`<strong class="bad">${formatSpeedup(1 / c.speedup)} slower</strong>`
      : c.change === 'none'
        ? html`<strong>No measurable change</strong> <span class="muted">(inside the noise between runs: ${noiseNote})</span>`
        : html`<strong>\u2013</strong>`;
  const speedup = c.speedup;
  const predicted = prev.prediction?.speedup;
  // Figures align right and never wrap; words (the recommendation) wrap in the narrow column.
  const row = (label: string, a: string, b: string, cell = 'num') => html`<tr><th scope="row">${label}</th><td class="${cell}">${a}</td><td class="${cell}">${b}</td></tr>`;
  return section('comparison', 'Previous run vs this run', html`
  <p class="compare-headline" data-change="${c.change}" data-noise="${c.noise.toFixed(3)}">${c.change === 'none' ? '' : 'Measured speed-up '}${headline} <span class="muted">(wall ${formatMs(before)} \u2192 ${formatMs(after)}${predicted ? html`; the previous run predicted ${formatSpeedup(predicted)}` : ''})</span></p>
  <div class="table-wrap"><table class="data compare" data-speedup="${Number.isFinite(speedup) ? speedup.toFixed(3) : ''}">
    <thead><tr><th scope="col"></th><th scope="col" class="num">Previous</th><th scope="col" class="num">This run</th></tr></thead>
    <tbody>
      ${row('Verdict', classificationLabel(prev.classification), classificationLabel(r.classification))}
      ${row('Wall time', formatMs(before), formatMs(after))}
      ${row('CPU time', formatMs(cpuMs(prev)), formatMs(cpuMs(r)))}
      ${row('CPU utilisation', formatUtilisation(prev.timings?.utilization), formatUtilisation(r.timings?.utilization))}
      ${row('Waiting share', formatPercent(waitingShare(prev)), formatPercent(waitingShare(r)))}
      ${row('Recommendation', prev.recommendation?.title ?? '', r.recommendation?.title ?? '', 'words')}
    </tbody>
  </table></div>`);
}

/** The predicted gain as the report states it: a figure, a range, or unknown. */
function predictedGain(r: ProfileReport): string {
  const p = r.prediction;
  if (p?.unknown) return 'unknown';
  const range = Array.isArray(p?.range) ? p.range : undefined;
  return range ? `${formatSpeedup(range[0])} \u2013 ${formatSpeedup(range[1])}` : formatSpeedup(p?.speedup);
}

/** What qualifies the verdict: a failed run it was measured on, verdicts that differed between repeats. */
function renderCaveats(r: ProfileReport): SafeHtml | string {
  const caveats = Array.isArray(r.caveats) ? r.caveats : [];
  if (!caveats.length) return '';
  return html`<ul class="caveats" data-section="caveats">${caveats.map((c) => html`<li>${c}</li>`)}</ul>`;
}

function renderRecommendation(r: ProfileReport): SafeHtml {
  const rec = r.recommendation;
  const sketch = rec?.sketch
    ? html`<div class="sketch">
    <figure><figcaption>Before</figcaption><pre><code>${rec.sketch.before}</code></pre></figure>
    <figure><figcaption>After</figcaption><pre><code>${rec.sketch.after}</code></pre></figure>
  </div>`
    : '';
  const wall = r.timings?.wallMs;
  const speedup = r.prediction?.speedup;
  const predictedWall = wall && speedup && speedup > 0 ? wall / speedup : undefined;
  // A server's gain is in what it serves: its wall time is however long it was run or loaded.
  const served = (r.stopped || r.attached) && r.server?.busy ? r.server.busy.throughput : undefined;
  const change = served !== undefined && speedup
    ? html` \u00b7 ${formatRate(served)} \u2192 ~${formatRate(served * speedup)}`
    : predictedWall ? html` \u00b7 ${formatMs(wall)} \u2192 ~${formatMs(predictedWall)}` : '';
  return section('recommendation', 'Recommendation', html`
  <p class="rec-title"><strong>${prose(rec?.title)}</strong> <span class="badge">${rec?.id}</span></p>
  <div class="prediction">
    <div class="prediction-figure"><span class="big${predictsGain(r) ? ' gain' : ''}">${predictedGain(r)}</span><span class="muted">predicted${r.prediction?.unknown ? '' : change}</span></div>
    <p class="assumption"><span class="muted">Assumes</span> ${prose(r.prediction?.assumption)}</p>
    ${r.prediction?.unmeasured ? html`<p class="assumption"><span class="muted">Not measured</span> ${prose(r.prediction.unmeasured)}</p>` : ''}
  </div>
  ${sketch}`);
}

function renderTimings(r: ProfileReport): SafeHtml {
  const t = r.timings;
  const wall = t?.wallMs ?? 0;
  const row = (label: string, value: string, note: string, fraction?: number) =>
    html`<tr><th scope="row">${label}</th><td class="num">${value}</td><td class="bar-cell">${fraction === undefined ? '' : meter(fraction, `${formatPercent(fraction)} of wall time`)}</td><td class="note">${note}</td></tr>`;
  return section('timings', 'Timings', html`<div class="table-wrap"><table class="data timings">
    <thead><tr><th scope="col">Measure</th><th scope="col" class="num">Value</th><th scope="col"><span class="sr-only">Share of wall time</span></th><th scope="col">Meaning</th></tr></thead>
    <tbody>
      ${row('Wall', formatMs(t?.wallMs), 'Elapsed time from start to exit')}
      ${row('User CPU', formatMs(t?.cpuUserMs), 'Running the script\u2019s own code', share(t?.cpuUserMs, wall))}
      ${row('System CPU', formatMs(t?.cpuSysMs), 'In the kernel on its behalf (I/O, memory)', share(t?.cpuSysMs, wall))}
      ${row('Children CPU', formatMs(t?.childCpuMs), 'Subprocesses and worker processes', share(t?.childCpuMs, wall))}
      ${t?.profilerCpuMs ? row('Profiler CPU', formatMs(t.profilerCpuMs), 'The sampling profiler\u2019s own, left out of the CPU times above', share(t.profilerCpuMs, wall)) : ''}
      ${row('Utilisation', formatUtilisation(t?.utilization), 'What the class was decided on: CPU time \u00f7 wall time of the work after start-up (see Why)', Math.min(1, t?.utilization ?? 0))}
      ${row('Cores', formatCount(t?.cores), 'Available to the script; the ceiling for a parallel speed-up')}
    </tbody>
  </table></div>`);
}

function hotspotRow(h: Hotspot, maxMs: number, script: string, target: ReportTarget): SafeHtml {
  return html`<tr class="${target === 'webview' && isOpenableFile(h.file) ? 'clickable' : ''}">
  <th scope="row" class="fn"><code>${softBreaks(h.function, 'name')}</code></th>
  <td>${location(h.file ?? '', Number(h.line) || 0, script, target)}</td>
  <td class="num">${formatMs(h.selfMs)}</td>
  <td class="bar-cell">${meter(share(h.selfMs, maxMs), `self time ${formatMs(h.selfMs)}`)}</td>
  <td class="num">${formatMs(h.totalMs)}</td>
  <td>${h.onCpu ? html`<span class="state state-cpu">on CPU</span>` : html`<span class="state state-wait">waiting</span>`}</td>
</tr>`;
}

/** What the hotspot and blocking times are: samples' weights on each thread, summed over threads
 * (several threads can add up to more than the wall time). Never called CPU time: a sample counts
 * as computing when its thread wanted a core for most of the interval, not for all of it. */
const THREAD_TIME = 'times are thread time (wall time sampled on each thread), not CPU time';

function renderHotspots(r: ProfileReport, target: ReportTarget): SafeHtml {
  const list = Array.isArray(r.hotspots) ? r.hotspots : [];
  if (list.length === 0) return section('hotspots', 'Hotspots', html`<p class="empty">No function took a measurable share of the samples.</p>`);
  const maxMs = list.reduce((m, h) => Math.max(m, Number(h.selfMs) || 0), 0);
  return section('hotspots', 'Hotspots', html`<div class="table-wrap"><table class="data hotspots">
    <thead><tr><th scope="col">Function</th><th scope="col">Location</th><th scope="col" class="num">Self</th><th scope="col"><span class="sr-only">Self time bar</span></th><th scope="col" class="num">Total</th><th scope="col">State</th></tr></thead>
    <tbody>${list.map((h) => hotspotRow(h, maxMs, r.script ?? '', target))}</tbody>
  </table></div>`, html`<span class="muted">${list.length} by self time; ${THREAD_TIME}</span>`);
}

function renderBlocking(r: ProfileReport, target: ReportTarget): SafeHtml {
  const list = Array.isArray(r.blocking) ? r.blocking : [];
  if (list.length === 0) return section('blocking', 'Blocking call sites', html`<p class="empty">No blocking call site was sampled.</p>`);
  const wall = r.timings?.wallMs ?? 0;
  const rows = list.map((b) => html`<tr class="${target === 'webview' && isOpenableFile(b.file) ? 'clickable' : ''}">
  <th scope="row" class="fn"><code>${softBreaks(b.call, 'name')}</code></th>
  <td>${location(b.file ?? '', Number(b.line) || 0, r.script ?? '', target)}</td>
  <td class="num">${formatMs(b.ms)}</td>
  <td class="bar-cell">${meter(share(b.ms, wall), `${formatPercent(share(b.ms, wall))} of wall time`)}</td>
  <td class="num">${formatPercent(share(b.ms, wall))}</td>
</tr>`);
  return section('blocking', 'Blocking call sites', html`<div class="table-wrap"><table class="data blocking">
    <thead><tr><th scope="col">Call</th><th scope="col">Location</th><th scope="col" class="num">Blocked</th><th scope="col"><span class="sr-only">Share bar</span></th><th scope="col" class="num">of wall</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`, html`<span class="muted">${THREAD_TIME}, summed over the threads that waited there</span>`);
}

/** The event-loop card: absent when the program ran no event loop; the blocks grouped by call site,
 * the summary read from the same rows, shares of the same wall time as the other tables. */
function renderLoopBlocking(r: ProfileReport, target: ReportTarget): SafeHtml | string {
  const lb = r.loopBlocking;
  if (!lb) return '';
  const wall = r.timings?.wallMs ?? 0;
  const sum = loopSummary(lb);
  const sites = loopSites(lb);
  const delay = [
    ...(sum.delayMaxMs !== undefined ? [html` \u00b7 longest event-loop delay <strong>${formatMs(sum.delayMaxMs)}</strong>`] : []),
    ...(sum.delayP50Ms !== undefined ? [html` \u00b7 median delay <strong>${formatMs(sum.delayP50Ms)}</strong>`] : []),
  ];
  const summary = sum.blocks === 0
    ? html`<p class="loop-summary">No block of the event loop was recorded${delay}</p>`
    : html`<p class="loop-summary">Longest block <strong>${formatMs(sum.longestMs)}</strong> \u00b7 <strong>${sum.blocks}</strong> ${sum.blocks === 1 ? 'block' : 'blocks'} at ${sum.sites} ${sum.sites === 1 ? 'call site' : 'call sites'}, <strong>${formatMs(sum.totalMs)}</strong> in all (${formatPercent(share(sum.totalMs, wall))} of wall time)${delay}</p>`;
  if (sites.length === 0) return section('loop-blocking', 'Event-loop blocking', summary);
  const shown = sites.slice(0, 50);
  const rows = shown.map((site) => html`<tr class="${target === 'webview' && isOpenableFile(site.file) ? 'clickable' : ''}">
  <td>${site.call ? html`<code>${softBreaks(site.call, 'name')}</code>` : html`<span class="muted">\u2013</span>`}</td>
  <td>${site.file ? location(site.file, Number(site.line) || 0, r.script ?? '', target) : html`<span class="muted">\u2013</span>`}</td>
  <td class="num">\u00d7${site.count}</td>
  <td class="num">${formatMs(site.totalMs)}</td>
  <td class="num">${formatMs(site.longestMs)}</td>
  <td class="num">${formatPercent(share(site.totalMs, wall))}</td>
</tr>`);
  return section('loop-blocking', 'Event-loop blocking', html`${summary}<div class="table-wrap"><table class="data loop">
    <thead><tr><th scope="col">Call</th><th scope="col">Location</th><th scope="col" class="num">Times</th><th scope="col" class="num">Blocked in all</th><th scope="col" class="num">Longest</th><th scope="col" class="num">of wall</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>${sites.length > shown.length ? html`<p class="muted">The ${shown.length} call sites with the most blocking of ${sites.length}.</p>` : ''}`);
}

function renderServer(r: ProfileReport): SafeHtml | string {
  const content = renderServerContent(r);
  return content ? section('server', 'Server', content) : '';
}

function renderFlame(r: ProfileReport, opts: ReportBodyOptions): SafeHtml {
  let graph = opts.flameGraph;
  if (!graph && opts.cpuProfile) {
    try {
      graph = flameGraphFromCpuProfile(opts.cpuProfile, { sampleOnCpu: opts.sampleOnCpu, byFunction: r.language === 'python', statesInProfile: r.language === 'node' });
    } catch {
      graph = undefined;
    }
  }
  if (!graph) return section('flame-graph', 'Flame graph', html`<p class="empty">No .cpuprofile was kept for this run.</p>`);
  // 0x draws Node's V8 profiles; the editor opens its page (the standalone file has no host to ask).
  const zeroX = r.language === 'node' && opts.cpuProfile && opts.target === 'webview' ? opts.cpuProfile : undefined;
  const extraTools = zeroX
    ? html`<button type="button" class="btn btn-small" data-action="zerox" title="Open 0x's flame graph of this run, with its app, deps, core and V8 tiers">Open in 0x</button>`
    : undefined;
  return section('flame-graph', 'Flame graph', html`${renderFlameView(graph, { script: r.script, openFiles: opts.target === 'webview', extraTools })}${
    zeroX ? html`<p class="muted zerox-note">${zeroXNote(zeroX)}</p>` : ''}`);
}

function renderOutput(r: ProfileReport): SafeHtml {
  const parts: SafeHtml[] = [];
  if (r.stderrTail) parts.push(html`<details class="output"${r.exitCode ? ' open' : ''}><summary>stderr <span class="muted">(last lines)</span></summary><pre><code>${r.stderrTail}</code></pre></details>`);
  if (r.stdoutTail) parts.push(html`<details class="output"><summary>stdout <span class="muted">(last lines)</span></summary><pre><code>${r.stdoutTail}</code></pre></details>`);
  if (parts.length === 0) parts.push(html`<p class="empty">The script printed nothing.</p>`);
  return section('output', 'Output', parts);
}

/** The report's body markup (everything inside <body>, without scripts). */
export function renderReportBody(report: ProfileReport, opts: ReportBodyOptions): string {
  const r = report;
  return html`<main class="report target-${opts.target === 'webview' ? 'webview' : 'standalone'}" data-classification="${classKey(r.classification)}">
${renderHeader(r, opts)}
${renderVerdict(r)}
${opts.previous ? renderComparison(r, opts.previous) : ''}
${renderRecommendation(r)}
${renderServer(r)}
${renderHotspots(r, opts.target)}
${renderBlocking(r, opts.target)}
${renderFlame(r, opts)}
<div class="grid-2">
${renderTimings(r)}
${renderLoopBlocking(r, opts.target)}
</div>
${renderOutput(r)}
<footer class="report-foot muted">${opts.generator ?? 'Boundwise'} \u00b7 ${r.language === 'node' ? 'V8 sampling profiler' : 'sampling profiler'} at ${formatCount(r.samples?.hz)} Hz \u00b7 classes from CPU utilisation after start-up: CPU-bound \u2265 67%, I/O-bound \u2264 33%</footer>
</main>`.value;
}
