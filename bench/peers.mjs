// Recall on the peers' blocking-call patterns: lints test/fixtures/python/peers (our own cases for
// each pattern of ruff's flake8_async fixtures and flake8-async's eval files) with the built CLI
// and prints, per peer rule group, how many `# positive` lines are reported and how many
// `# negative` lines stay clean, then every missed or unexpected line. Measures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'test', 'fixtures', 'python', 'peers');
const r = spawnSync(process.execPath, [join(root, 'bin', 'boundwise.js'), 'lint', '--format', 'json', '--no-cache', '.'], { cwd: folder, encoding: 'utf8' });
if (r.status !== 0 && r.status !== 1) throw new Error(`boundwise lint exited with ${r.status}: ${r.stderr}`);
// A line is reported when a finding starts on it or lists it as related information (a use of a
// blocking object after its constructor may be either, as issue 11 allows).
const codesAt = new Map();
const mark = (file, line, code) => codesAt.set(`${file}:${line}`, [...(codesAt.get(`${file}:${line}`) ?? []), code]);
for (const f of JSON.parse(r.stdout)) {
  mark(f.file, f.line, f.code);
  for (const related of f.related ?? []) mark(relative(folder, resolve(folder, related.file)), related.line, `${f.code} related`);
}

const rows = [];
const wrong = [];
for (const file of readdirSync(folder).filter((f) => f.endsWith('.py')).sort()) {
  const counts = { file, positives: 0, found: 0, negatives: 0, clean: 0, differences: 0 };
  readFileSync(join(folder, file), 'utf8').split('\n').forEach((text, i) => {
    const label = /#\s*(positive|negative)\b(.*)$/.exec(text);
    if (!label) return;
    const codes = codesAt.get(`${file}:${i + 1}`);
    if (/\(peer:/.test(label[2])) counts.differences++;
    if (label[1] === 'positive') {
      counts.positives++;
      if (codes) counts.found++;
      else wrong.push(`  missed   ${file}:${i + 1}  ${text.trim()}`);
    } else {
      counts.negatives++;
      if (!codes) counts.clean++;
      else wrong.push(`  reported ${file}:${i + 1} (${codes.join(', ')})  ${text.trim()}`);
    }
  });
  rows.push(counts);
}
const sum = (k) => rows.reduce((n, c) => n + c[k], 0);
console.log('| peer group | blocking cases | found | missed | non-blocking cases | clean | deliberate differences from a peer |');
console.log('|---|---|---|---|---|---|---|');
for (const c of [...rows, { file: 'all', ...Object.fromEntries(['positives', 'found', 'negatives', 'clean', 'differences'].map((k) => [k, sum(k)])) }]) {
  console.log(`| ${c.file.replace(/\.py$/, '')} | ${c.positives} | ${c.found} | ${c.positives - c.found} | ${c.negatives} | ${c.clean} | ${c.differences} |`);
}
if (wrong.length) console.log(`\n${wrong.join('\n')}`);
