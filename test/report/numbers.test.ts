// Numbers that agree: every surface of a report (the webview/HTML card and tables, the CLI summary,
// the status bar, the verdict's own sentences in the JSON) states the same figures, built from real
// recorded runs (test/fixtures/profiles) replayed through the measurement and the classifier.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { formatSummary } from '../../src/cli/profile';
import { classifyUtilization } from '../../src/profile/classify';
import { buildReport, measurementOf } from '../../src/profile/engine';
import type { ProfileReport } from '../../src/profile/report';
import { formatUtilisation } from '../../src/profile/utilisation';
import { statusText } from '../../src/extension/profile/text';
import { renderReportBody } from '../../src/report';
import { formatMs, formatPercent, share } from '../../src/report/format';
import { loopSites } from '../../src/report/loopBlocks';
import { readRecording, recordedRuns } from '../profile/recordings';
import { verdictHeadline, visibleText } from './visible';

/** What each surface says, by name. */
function surfaces(r: ProfileReport): Record<string, string> {
  return {
    card: visibleText(renderReportBody(r, { target: 'standalone' })),
    cli: formatSummary(r),
    'status bar': statusText(r).tooltip,
    'JSON detail': r.recommendation.detail,
  };
}

const runs = recordedRuns().map((c) => {
  const rec = readRecording(c.file);
  return { name: c.name, rec, report: buildReport(measurementOf(rec), rec.run) };
});

describe('report numbers: one utilisation figure on every surface', () => {
  for (const { name, report } of runs) {
    it(`${name}: the figure the class was decided on, in one format, on the card, the CLI, the status bar and the detail`, () => {
      const figure = formatUtilisation(report.timings.utilization);
      if (report.classification !== 'failed') {
        assert.equal(classifyUtilization(report.timings.utilization), report.classification, `the class ${report.classification} rests on ${figure}`);
      }
      for (const [surface, text] of Object.entries(surfaces(report))) {
        const stated = [...text.matchAll(/utilisation:? (\S+)/gi)].map((m) => m[1].replace(/[.,;)]+$/, '')).filter((w) => /\d/.test(w));
        if (surface !== 'JSON detail' || report.classification !== 'failed') assert.ok(stated.length > 0, `${surface} states the utilisation`);
        for (const said of stated) assert.equal(said, figure, `${surface}: "utilisation ${said}" where the class rests on ${figure}`);
      }
    });
  }

  for (const { name, report } of runs.filter(({ report }) => report.classification !== 'failed')) {
    it(`${name}: the headline under the verdict quotes that figure, as the card's stat does, and no other share`, () => {
      const body = renderReportBody(report, { target: 'standalone' });
      const headline = verdictHeadline(body);
      const stat = visibleText(/<dt>CPU utilisation<\/dt><dd>([^<]*)<\/dd>/.exec(body)?.[1] ?? '').trim();
      assert.equal(stat, formatUtilisation(report.timings.utilization));
      assert.ok(headline.includes(`CPU utilisation ${stat}`), `the headline: ${headline}`);
      assert.deepEqual(headline.match(/[<\d.]+%/g), [stat], `the headline quotes one percentage, the utilisation ${stat}: ${headline}`);
    });
  }

  const busy = runs.filter(({ rec }) => rec.run && (measurementOf(rec).process.runQueueMs >= 0.2 * measurementOf(rec).process.wallMs));
  it('there are recordings made on a busy machine (waits for a free CPU)', () => {
    assert.ok(busy.length >= 3, `${busy.length} busy recordings`);
  });
  for (const { name, report } of busy) {
    it(`${name}: the busy machine's correction is explained once per surface`, () => {
      for (const [surface, text] of Object.entries(surfaces(report))) {
        if (surface === 'status bar') continue;
        const n = text.split('waiting for a free CPU').length - 1;
        assert.ok(n <= 1, `${surface} explains the correction ${n} times`);
      }
    });
  }
});

describe("report numbers: the profiler's own CPU is not the program's", () => {
  const sampled = runs.filter(({ rec }) => measurementOf(rec).process.profilerCpuMs >= 50);
  it('there are recordings of both languages where the profiler took CPU', () => {
    assert.deepEqual([...new Set(sampled.map(({ rec }) => rec.language))].sort(), ['node', 'python']);
  });
  for (const { name, rec, report } of sampled) {
    it(`${name}: "CPU time", "running the script's own code" and the reasons leave it out`, () => {
      const p = measurementOf(rec).process;
      const programMs = p.cpuUserMs + p.cpuSysMs + p.childCpuMs - p.profilerCpuMs;
      const t = report.timings;
      assert.ok(Math.abs(t.cpuUserMs + t.cpuSysMs + t.childCpuMs - programMs) < 0.2, 'JSON CPU times');
      assert.ok(Math.abs((t.profilerCpuMs ?? 0) - p.profilerCpuMs) < 0.1, 'the profiler\'s own, said apart');
      const card = visibleText(renderReportBody(report, { target: 'standalone' }));
      assert.ok(card.includes(`CPU time ${formatMs(programMs)}`), `card "CPU time ${formatMs(programMs)}" in: ${card.slice(card.indexOf('CPU time'), card.indexOf('CPU time') + 30)}`);
      // (The JSON keeps tenths of a millisecond: the card formats those.)
      assert.ok(card.includes(`User CPU ${formatMs(Math.round(Math.max(0, p.cpuUserMs - p.profilerCpuMs) * 10) / 10)}`), 'the user CPU row ("running the script\'s own code")');
      assert.match(card, new RegExp(`Profiler CPU ${formatMs(p.profilerCpuMs).replace('.', '\\.')} `));
      // The reasons open with the same total as the card.
      assert.ok(report.recommendation.detail.startsWith(`The process tree used ${formatMs(programMs)} of CPU (not counting`), report.recommendation.detail.slice(0, 90));
    });
  }
});

describe('report numbers: the event-loop card agrees with itself and with the reasons', () => {
  const looped = runs.filter(({ report }) => report.loopBlocking && report.loopBlocking.events.length > 0);
  it('there are recordings of both languages with event-loop blocks, and one blocking many times at one site', () => {
    assert.deepEqual([...new Set(looped.map(({ rec }) => rec.language))].sort(), ['node', 'python']);
    assert.ok(looped.some(({ report }) => report.loopBlocking!.events.length >= 10 && loopSites(report.loopBlocking).length === 1));
  });
  const card = (r: ProfileReport) => /<section class="card" id="loop-blocking"[\s\S]*?<\/section>/.exec(renderReportBody(r, { target: 'standalone' }))?.[0] ?? '';
  for (const { name, report } of looped) {
    it(`${name}: the longest block is the longest row, one row per call site, shares as in the reasons`, () => {
      const lb = report.loopBlocking!;
      const html = card(report);
      const rows = [...html.matchAll(/<tr class="[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => visibleText(c[1]).trim()));
      const sites = new Set(lb.events.map((e) => `${e.call}|${e.file}|${e.line}`));
      assert.equal(rows.length, Math.min(50, sites.size), 'one row per call site');
      const longest = lb.events.reduce((a, e) => Math.max(a, e.ms), 0);
      assert.match(visibleText(html), new RegExp(`Longest block ${formatMs(longest).replace('.', '\\.')} `), 'the summary\'s longest block');
      assert.ok(rows.some((cells) => cells[4] === formatMs(longest)), 'a row with that longest block');
      assert.equal(rows.reduce((a, cells) => a + Number(cells[2].replace('\u00d7', '')), 0), lb.events.length, 'the rows count every block');
      // The CLI's event-loop line says the same.
      const cli = /event loop {4}(.*)/.exec(formatSummary(report))?.[1] ?? '';
      assert.match(cli, new RegExp(`^longest block [^,]+, ${lb.events.length} blocks? at ${sites.size} call sites?, `));
      // The reasons' share of the wall time is the card's and the blocking table's, for the same time.
      const said = /blocked for (\S+ m?s) \((\d+)% of the wall time\)/.exec(report.recommendation.detail);
      if (said) {
        const blockedMs = measurementOf(runs.find((x) => x.name === name)!.rec).loop.blockedMs;
        assert.equal(`${said[2]}%`, formatPercent(share(blockedMs, report.timings.wallMs)).replace(/\.\d%$/, '%'));
        const top = report.blocking[0];
        const tableShare = formatPercent(share(top.ms, report.timings.wallMs));
        if (Math.abs(top.ms - blockedMs) < 0.01 * report.timings.wallMs) assert.equal(`${said[2]}%`, tableShare, 'the blocking table');
      }
    });
  }
  it('no card for a program without an event loop', () => {
    const none = runs.filter(({ report }) => !report.loopBlocking);
    assert.ok(none.length >= 10);
    for (const { report } of none) assert.ok(!renderReportBody(report, { target: 'standalone' }).includes('data-section="loop-blocking"'));
  });
});

describe('report numbers: the flame graph root says what it holds', () => {
  // media/flame.js is the script the report page runs; it labels the root frame.
  const flame = require(path.join(__dirname, '..', '..', '..', 'media', 'flame.js')) as {
    decode(data: unknown): { totalCpu: number; totalWait: number };
    rootLabel(root: unknown, cpuKnown: boolean): string;
  };
  const graphOf = (markup: string) => {
    const attr = /<div class="fg" data-graph="([^"]*)"/.exec(markup)?.[1] ?? '{}';
    const data = JSON.parse(attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as { cpuKnown: 0 | 1 };
    return { data, root: flame.decode(data), status: visibleText(/<p class="fg-status[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(markup)?.[1] ?? '') };
  };
  const waited = runs.filter(({ report }) => report.language === 'python' && report.samples.waiting > 0.8 * report.samples.count);

  it('there are Python recordings that waited more than 80% of their samples', () => {
    assert.ok(waited.length >= 3, `${waited.length}`);
  });
  for (const { name, rec, report } of waited) {
    it(`${name}: with its samples' states, the root splits wall time into on CPU and waiting; without them, it claims no CPU time`, () => {
      const m = measurementOf(rec);
      const told = graphOf(renderReportBody(report, { target: 'standalone', cpuProfile: m.profile, sampleOnCpu: m.sampleOnCpu }));
      assert.equal(told.data.cpuKnown, 1);
      assert.ok(told.root.totalWait > 0, 'the waiting is drawn as waiting');
      assert.match(flame.rootLabel(told.root, true), /^all · \S+ m?s: \S+ m?s on CPU, \S+ m?s waiting$/);
      assert.match(told.status, /on CPU, .* waiting/);
      // What is split is the threads' sampled time, said as such: thread time, not CPU time.
      assert.match(told.status, /^\S+ m?s of thread time sampled: /);

      // A stored Python profile without its flags: the time is wall time, never "on CPU".
      const untold = graphOf(renderReportBody(report, { target: 'standalone', cpuProfile: m.profile }));
      assert.equal(untold.data.cpuKnown, 0);
      const label = flame.rootLabel(untold.root, Boolean(untold.data.cpuKnown));
      assert.match(label, /of wall time \(on CPU and waiting not told apart\)$/);
      assert.doesNotMatch(label, /\d m?s on CPU/);
      assert.doesNotMatch(untold.status, /on CPU\b(?! from)/);
      assert.match(untold.status, /of wall time sampled; this profile does not tell on-CPU from waiting time/);
    });
  }

  it('a Node profile tells waiting by its (idle) samples: its root is labelled on CPU only when it was', () => {
    const node = runs.find(({ name }) => name === 'textbook/node/downloads_serial')!;
    const m = measurementOf(node.rec);
    const g = graphOf(renderReportBody(node.report, { target: 'standalone', cpuProfile: m.profile }));
    assert.equal(g.data.cpuKnown, 1);
    assert.match(flame.rootLabel(g.root, true), /on CPU, \S+ s waiting$/);
  });
});
