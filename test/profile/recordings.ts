// The recorded runs kept as fixtures (test/fixtures/profiles/**.json.gz: the raw sampler output of
// the examples and of the real-program suite), read for replaying through the measurement, the
// classifier and the report's views.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Recording } from '../../src/profile/recording';

export const RECORDINGS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'profiles');

export function recordingsUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === '__snapshots__') return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? recordingsUnder(p) : e.name.endsWith('.json.gz') ? [p] : [];
  }).sort();
}

export function readRecording(file: string): Recording {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as Recording;
}

/** Every recording, named by its path under the fixtures folder without `.json.gz`. */
export function recordedRuns(): Array<{ file: string; name: string }> {
  return recordingsUnder(RECORDINGS).map((file) => ({ file, name: path.relative(RECORDINGS, file).replace(/\.json\.gz$/, '') }));
}
