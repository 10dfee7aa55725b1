// Reports kept across window reloads (src/extension/profile/runStore.ts), on a real folder: a new
// store over the same folder (what a reloaded window makes) finds the last report of each script
// with its CPU profile and previous run; the recent list is bounded but keeps every script's last
// run; a damaged index or report is reported in one sentence and loses nothing else.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunStore } from '../../src/extension/profile/runStore';
import { cpuBound, ioBound, smallProfile } from '../report/fixtures';
import type { CpuProfile } from '../../src/profile/model';

describe('kept reports (RunStore)', () => {
  let dir = '';
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-runs-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a new store over the same folder (a reloaded window) finds each script\u2019s last report, profile and previous run', () => {
    const before = new RunStore(dir);
    before.save({ report: cpuBound, finishedAt: 1000 });
    before.save({ report: ioBound, finishedAt: 2000 });
    before.save({ report: { ...cpuBound, classification: 'mixed' }, previous: cpuBound, cpuprofile: smallProfile as CpuProfile, finishedAt: 3000 });

    const after = new RunStore(dir);
    assert.deepEqual(after.list().map((e) => [e.script, e.finishedAt]), [[cpuBound.script, 3000], [ioBound.script, 2000], [cpuBound.script, 1000]]);
    assert.deepEqual(after.latestPerScript().map((e) => e.finishedAt), [3000, 2000]);
    const last = after.load(after.latestFor(cpuBound.script)!);
    assert.equal(last?.report.classification, 'mixed');
    assert.equal(last?.previous?.classification, 'cpu-bound');
    assert.deepEqual(last?.cpuprofile, smallProfile);
    assert.equal(after.load(after.latestFor(ioBound.script)!)?.cpuprofile, undefined);
  });

  it('keeps the samples\u2019 on-CPU states with the profile, so a reopened report\u2019s flame graph still tells waiting from on-CPU time', () => {
    const states = [0, 0, 1, 0, 1];
    new RunStore(dir).save({ report: cpuBound, cpuprofile: smallProfile as CpuProfile, sampleOnCpu: states, finishedAt: 1 });
    const after = new RunStore(dir);
    const loaded = after.load(after.latestFor(cpuBound.script)!);
    assert.deepEqual(loaded?.sampleOnCpu, states);
    new RunStore(dir).save({ report: ioBound, finishedAt: 2 });
    assert.equal(after.load(after.latestFor(ioBound.script)!)?.sampleOnCpu, undefined, 'a run saved without them has none');
  });

  it('keeps the newest runs up to the limit, and always the last run of every script', () => {
    const store = new RunStore(dir, 3);
    store.save({ report: ioBound, finishedAt: 1 });
    for (let t = 2; t <= 6; t++) store.save({ report: cpuBound, finishedAt: t });
    assert.deepEqual(store.list().map((e) => e.finishedAt), [6, 5, 4, 1]);
    const folders = fs.readdirSync(dir).filter((f) => f !== 'index.json');
    assert.equal(folders.length, 4, 'dropped runs leave no folder behind');
  });

  it('a damaged index or report is reported once and the rest still works', () => {
    const store = new RunStore(dir);
    const kept = store.save({ report: cpuBound, finishedAt: 1 });
    fs.writeFileSync(path.join(dir, kept.id, 'report.json'), '{ not json');
    assert.equal(store.load(kept), undefined);
    assert.match(store.problems.splice(0)[0], /^the report of fib_threads\.py from 1970-01-01T00:00:00\.001Z could not be read/);
    fs.writeFileSync(path.join(dir, 'index.json'), '[oops');
    assert.deepEqual(store.list(), []);
    assert.match(store.problems[0], /the list of recent runs .* could not be read .*; starting a new one/);
    store.save({ report: ioBound, finishedAt: 2 });
    assert.deepEqual(new RunStore(dir).list().map((e) => e.finishedAt), [2]);
  });

  it('a damaged CPU profile loses only the flame graph: the report still comes back, read before the profile', () => {
    const store = new RunStore(dir);
    const kept = store.save({ report: cpuBound, cpuprofile: smallProfile as CpuProfile, finishedAt: 1 });
    fs.writeFileSync(path.join(dir, kept.id, 'profile.cpuprofile'), '{ not json');
    const loaded = store.load(kept);
    assert.equal(loaded?.report.classification, 'cpu-bound');
    assert.deepEqual(store.problems, [], 'the profile is read when the report is shown, not when the verdict is restored');
    assert.equal(loaded?.cpuprofile, undefined);
    assert.match(store.problems.splice(0)[0], /^the CPU profile of fib_threads\.py from 1970-01-01T00:00:00\.001Z could not be read/);
  });

  it('ignores index entries whose id could name another folder', () => {
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify([{ id: '../../etc', script: '/x.py', finishedAt: 1, classification: 'mixed', title: 't' }]));
    assert.deepEqual(new RunStore(dir).list(), []);
  });
});
