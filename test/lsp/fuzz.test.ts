// The fuzz test of the language server (./fuzzDriver). In every mocha run: one round, each kind of
// sequence once with a fixed seed (seconds, the same inputs on every machine). `npm run fuzz` runs
// random sequences for FUZZ_SECONDS (default 600) with a random seed; FUZZ_SEED replays a run. It
// prints its figures: sequences, edits, edit-to-diagnostics latencies, the server's memory.
import * as assert from 'node:assert/strict';
import { describeReport, Fuzzer, percentile } from './fuzzDriver';

const SECONDS = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : SECONDS === undefined ? 1 : Math.floor(Math.random() * 2 ** 31);
/** Keystroke to diagnostics at p99, on documents up to 1 MB whatever their syntax. */
const P99_TARGET_MS = 2000;

describe('language server fuzz (real JSON-RPC client, seeded sequences)', function () {
  // A hang guard: each answer has 30 s (fuzzDriver's ANSWER_MS); a round takes seconds.
  this.timeout(((SECONDS ?? 0) + 300) * 1000);

  it(`never exits, answers every request and edit, p99 edit-to-diagnostics under ${P99_TARGET_MS / 1000} s, and a fresh file keeps its BW101 and hover`, async () => {
    const report = await new Fuzzer({ seconds: SECONDS, seed: SEED }).run();
    console.log(describeReport(report));
    assert.ok(report.sequences > 0 && report.edits > 0, 'the fuzzer ran');
    const p99 = percentile(report.latencies, 99);
    assert.ok(p99 < P99_TARGET_MS, `p99 edit-to-diagnostics ${Math.round(p99)} ms (seed ${SEED}; replay with FUZZ_SEED=${SEED} npm run fuzz)`);
  });
});
