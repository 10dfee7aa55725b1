// The event-loop blocks of a report, by call site: one entry per place that blocked the loop (how
// many times, in all, the longest), so the card's summary, its rows and the CLI state the same
// figures. Pure: no DOM, no file system.
import type { ProfileReport } from '../profile/report';

type LoopBlocking = NonNullable<ProfileReport['loopBlocking']>;

export interface LoopSite {
  call?: string;
  file?: string;
  line?: number;
  count: number;
  totalMs: number;
  longestMs: number;
}

function eventsOf(lb: LoopBlocking | undefined): LoopBlocking['events'] {
  return Array.isArray(lb?.events) ? lb.events.filter((e) => Number.isFinite(e?.ms)) : [];
}

/** The blocks grouped by call site (call, file and line), the most time first. */
export function loopSites(lb: LoopBlocking | undefined): LoopSite[] {
  const sites = new Map<string, LoopSite>();
  for (const e of eventsOf(lb)) {
    const key = `${e.call ?? ''}\0${e.file ?? ''}\0${e.line ?? 0}`;
    const site = sites.get(key) ?? { call: e.call, file: e.file, line: e.line, count: 0, totalMs: 0, longestMs: 0 };
    site.count += 1;
    site.totalMs += e.ms;
    site.longestMs = Math.max(site.longestMs, e.ms);
    sites.set(key, site);
  }
  return [...sites.values()].sort((a, b) => b.totalMs - a.totalMs || b.longestMs - a.longestMs);
}

/** What the card's summary and the CLI say: the longest block (the longest row), how many blocks
 * there were and their total, and the loop's delay as measured apart (Node's delay histogram),
 * which can differ from the blocks: it is sampled, and a block at exit is never seen late. */
export function loopSummary(lb: LoopBlocking | undefined): { longestMs: number; blocks: number; sites: number; totalMs: number; delayMaxMs?: number; delayP50Ms?: number } {
  const sites = loopSites(lb);
  const longestMs = sites.reduce((a, s) => Math.max(a, s.longestMs), 0);
  return {
    longestMs,
    blocks: sites.reduce((a, s) => a + s.count, 0),
    sites: sites.length,
    totalMs: sites.reduce((a, s) => a + s.totalMs, 0),
    ...(lb && lb.maxMs > 0 && Math.abs(lb.maxMs - longestMs) >= 1 ? { delayMaxMs: lb.maxMs } : {}),
    ...(lb?.p50Ms !== undefined ? { delayP50Ms: lb.p50Ms } : {}),
  };
}
