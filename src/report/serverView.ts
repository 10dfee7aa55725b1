// The report's server card: how the run split into start-up, busy and idle time, the busy windows'
// figures as the server counted them beside the built-in load generator's own view, and the routes.
// Pure markup through the `html` tag, like the rest of the report.
import type { ServerReport } from '../profile/server/model';
import type { ProfileReport } from '../profile/report';
import { html, SafeHtml } from './escape';
import { formatCount, formatMs, formatPercent, formatRate } from './format';

/** "listening on 8080 · start-up 1.20 s · busy 5.00 s (5 windows) · idle 800 ms" */
function phasesLine(sv: ServerReport): SafeHtml {
  const ports = sv.ports.length ? `Listening on ${sv.ports.join(', ')}` : 'Serving';
  const busy = `busy ${formatMs(sv.phases.busyMs)}${sv.busy ? ` (${sv.busy.windows} ${sv.busy.windows === 1 ? 'window' : 'windows'} judged)` : ''}`;
  const parts = [...(sv.phases.startupMs ? [`start-up ${formatMs(sv.phases.startupMs)}`] : []), busy, `idle ${formatMs(sv.phases.idleMs)}`];
  return html`<p class="server-phases" data-server-mode="${sv.attached ? 'attached' : 'started'}"><strong>Server mode</strong> \u00b7 ${ports}${sv.attached ? ' (attached)' : ''} \u00b7 ${parts.join(' \u00b7 ')}</p>`;
}

/** The server's busy windows and the load generator's whole run, row by row. */
function sideBySide(sv: ServerReport): SafeHtml {
  const b = sv.busy;
  const l = sv.load;
  const counted = sv.counted === 'requests' ? 'requests served' : sv.counted === 'connections' ? 'connections accepted only' : 'not counted';
  const row = (label: string, server: string, load: string) => html`<tr><th scope="row">${label}</th><td class="num">${server}</td>${l ? html`<td class="num">${load}</td>` : ''}</tr>`;
  const errors = l ? (l.errors ? `${l.errors} (${Object.entries(l.errorKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : '0') : '';
  const statuses = l && Object.keys(l.statuses).length ? Object.entries(l.statuses).map(([k, n]) => `${k} \u00d7${n}`).join(', ') : 'none';
  return html`<div class="table-wrap"><table class="data server-figures">
    <thead><tr><th scope="col"></th><th scope="col" class="num">Server (busy windows)</th>${l ? html`<th scope="col" class="num">Load generator</th>` : ''}</tr></thead>
    <tbody>
      ${row('Requests', b ? `${formatCount(b.requests)} ${sv.counted === 'requests' ? 'served' : 'answered (load generator)'}` : counted, l ? `${formatCount(l.requests)} responses` : '')}
      ${row('Throughput', formatRate(b?.throughput), formatRate(l?.throughput))}
      ${row('Latency p50', formatMs(b?.latency?.p50Ms), formatMs(l?.latency.p50Ms))}
      ${row('Latency p99', formatMs(b?.latency?.p99Ms), formatMs(l?.latency.p99Ms))}
      ${row('Latency max', formatMs(b?.latency?.maxMs), formatMs(l?.latency.maxMs))}
      ${l ? row('Errors', '', errors) : ''}
      ${l ? row('HTTP 400 and above', '', statuses) : ''}
    </tbody>
  </table></div>`;
}

/** What only the server side saw while busy: CPU, the main thread, requests in flight, event-loop delay. */
function serverOnly(sv: ServerReport): SafeHtml | string {
  const b = sv.busy;
  if (!b) return '';
  const items: SafeHtml[] = [];
  if (b.cores !== undefined) items.push(html`<li>CPU <strong>${b.cores.toFixed(2)} cores</strong>${b.cpuPerRequestMs !== undefined ? html`, <strong>${b.cpuPerRequestMs.toFixed(2)} ms</strong> per request` : ''}</li>`);
  if (b.mainThread) items.push(html`<li>Main thread wanted <strong>${formatPercent(b.mainThread.demand)}</strong> of a core (ran ${formatPercent(b.mainThread.cpuMs / b.ms)}, waited for a CPU ${formatPercent(b.mainThread.queueMs / b.ms)})</li>`);
  if (b.meanInflight !== undefined) items.push(html`<li><strong>${b.meanInflight.toFixed(1)}</strong> requests in flight on average (up to ${formatCount(b.maxInflight)})</li>`);
  if (b.lag) items.push(html`<li>Event-loop delay p99 <strong>${formatMs(b.lag.p99Ms)}</strong> (max ${formatMs(b.lag.maxMs)})</li>`);
  return items.length ? html`<ul class="server-extra">${items}</ul>` : '';
}

function routes(sv: ServerReport): SafeHtml | string {
  if (!sv.routes.length) return '';
  const rows = sv.routes.slice(0, 20).map((r) => html`<tr><th scope="row"><code>${r.route}</code>${r.fromFramework ? '' : html` <span class="muted">(path)</span>`}</th><td class="num">${formatCount(r.requests)}</td><td class="num">${formatMs(r.latency.p50Ms)}</td><td class="num">${formatMs(r.latency.p99Ms)}</td></tr>`);
  return html`<div class="table-wrap"><table class="data server-routes">
    <thead><tr><th scope="col">Route</th><th scope="col" class="num">Requests</th><th scope="col" class="num">p50</th><th scope="col" class="num">p99</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

/** The server card's content, or undefined when the run was not in server mode. */
export function renderServerContent(r: ProfileReport): SafeHtml | undefined {
  const sv = r.server;
  if (!sv) return undefined;
  const load = sv.load ? html`<p class="server-load muted">Built-in load: GET <code>${sv.load.url}</code> over ${formatCount(sv.load.connections)} connections for ${formatMs(sv.load.durationMs)}.</p>` : '';
  const problem = sv.loadProblem ? html`<p class="server-problem bad">${sv.loadProblem}</p>` : '';
  const none = !sv.busy ? html`<p class="empty">No busy window: the server was idle while profiled. Profile it under load.</p>` : '';
  return html`${phasesLine(sv)}${load}${problem}${none}${sideBySide(sv)}${serverOnly(sv)}${routes(sv)}`;
}

/** The header's line for an attached process: which one, for how long, and that it keeps running. */
export function attachedBadge(r: ProfileReport): SafeHtml | string {
  const a = r.attached;
  if (!a) return '';
  const ended = { duration: 'for the duration', user: 'until stopped', load: 'while the load ran' }[a.endedBy] ?? '';
  return html`<span class="badge" data-attached-pid="${a.pid}" title="${a.command}">attached to process ${a.pid} ${ended}, ${formatMs(a.durationMs)}; still running</span>`;
}
