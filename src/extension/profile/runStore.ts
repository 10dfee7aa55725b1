// Reports kept across window reloads: each run's report (with its previous run and CPU profile) in
// its own folder under the extension's workspace storage, and an index of the recent runs, newest
// first. The newest `limit` runs are kept, and always the last run of each script. Plain fs, no
// `vscode` import (unit-tested); a damaged index or run folder is skipped with a message, never thrown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CpuProfile } from '../../profile/model';
import type { Classification, ProfileReport } from '../../profile/report';

export interface StoredOutcome {
  report: ProfileReport;
  cpuprofile?: CpuProfile;
  /** Per sample of the CPU profile, 1 when the program was on the CPU, 0 when it waited (the
   * flame graph draws the two apart; a Python profile does not say it itself). */
  sampleOnCpu?: number[];
  previous?: ProfileReport;
  finishedAt: number;
}

/** One line of the index: enough to list the run without reading its report. */
export interface RunEntry {
  id: string;
  script: string;
  finishedAt: number;
  classification: Classification;
  title: string;
}

const INDEX = 'index.json';
const SAMPLE_STATES = 'sample-on-cpu.json';

export class RunStore {
  /** Problems met while reading (a damaged file), for the Output channel. */
  readonly problems: string[] = [];

  constructor(readonly root: string, private readonly limit = 20) {}

  /** Recent runs, newest first. */
  list(): RunEntry[] {
    const file = path.join(this.root, INDEX);
    if (!fs.existsSync(file)) return [];
    try {
      const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (!Array.isArray(entries)) throw new Error('not a list');
      return entries.filter((e): e is RunEntry => !!e && typeof e.id === 'string' && /^[\w-]+$/.test(e.id) && typeof e.script === 'string' && typeof e.finishedAt === 'number');
    } catch (err) {
      this.problems.push(`the list of recent runs (${file}) could not be read (${(err as Error).message}); starting a new one`);
      return [];
    }
  }

  /** The newest run of each script, newest first. */
  latestPerScript(): RunEntry[] {
    const seen = new Set<string>();
    return this.list().filter((e) => !seen.has(e.script) && (seen.add(e.script), true));
  }

  latestFor(script: string): RunEntry | undefined {
    return this.list().find((e) => e.script === script);
  }

  save(outcome: StoredOutcome): RunEntry {
    const id = `${outcome.finishedAt}-${Math.random().toString(36).slice(2, 8)}`;
    const dir = path.join(this.root, id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ report: outcome.report, previous: outcome.previous, finishedAt: outcome.finishedAt }));
    if (outcome.cpuprofile) fs.writeFileSync(path.join(dir, 'profile.cpuprofile'), JSON.stringify(outcome.cpuprofile));
    if (outcome.sampleOnCpu) fs.writeFileSync(path.join(dir, SAMPLE_STATES), JSON.stringify(outcome.sampleOnCpu));
    const entry: RunEntry = { id, script: outcome.report.script, finishedAt: outcome.finishedAt, classification: outcome.report.classification, title: outcome.report.recommendation.title };
    const entries = [entry, ...this.list().filter((e) => e.id !== id)];
    const lastOfScript = new Set(entries.filter((e, i) => entries.findIndex((o) => o.script === e.script) === i).map((e) => e.id));
    const kept = entries.filter((e, i) => i < this.limit || lastOfScript.has(e.id));
    for (const dropped of entries.filter((e) => !kept.includes(e))) fs.rmSync(path.join(this.root, dropped.id), { recursive: true, force: true });
    // Written whole and renamed, so a reload in the middle never finds half an index.
    const tmp = path.join(this.root, `${INDEX}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(kept));
    fs.renameSync(tmp, path.join(this.root, INDEX));
    return entry;
  }

  /**
   * The run's report now; its CPU profile (often megabytes) only when first asked for, so bringing
   * back every script's verdict at start-up reads the small reports alone.
   */
  load(entry: RunEntry): StoredOutcome | undefined {
    const dir = path.join(this.root, entry.id);
    const failed = (what: string, err: unknown) =>
      this.problems.push(`the ${what} of ${path.basename(entry.script)} from ${new Date(entry.finishedAt).toISOString()} could not be read (${(err as Error).message})`);
    let saved: StoredOutcome;
    try {
      saved = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as StoredOutcome;
    } catch (err) {
      failed('report', err);
      return undefined;
    }
    let profile: { value?: CpuProfile } | undefined;
    let states: { value?: number[] } | undefined;
    const readJson = <T>(name: string, what: string): T | undefined => {
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) return undefined;
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
      } catch (err) {
        failed(what, err);
        return undefined;
      }
    };
    return {
      report: saved.report,
      previous: saved.previous,
      finishedAt: saved.finishedAt,
      get cpuprofile() {
        return (profile ??= { value: readJson<CpuProfile>('profile.cpuprofile', 'CPU profile') }).value;
      },
      get sampleOnCpu() {
        const value = (states ??= { value: readJson<number[]>(SAMPLE_STATES, 'on-CPU states of the samples') }).value;
        return Array.isArray(value) ? value : undefined;
      },
    };
  }
}
