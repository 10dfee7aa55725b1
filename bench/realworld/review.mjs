// For the reviewer: each finding of the last `npm run bench` run (bench/realworld.mjs) that has no
// verdict yet, with the code around it and a verdicts.tsv row to complete (verdict: true when a
// maintainer would change the code, false, or debatable; then a one-line reason).
//   node bench/realworld/review.mjs [--code BW302] [--package NAME] [--before 12] [--after 6] [--all]
// --all shows reviewed findings too, with their verdict. Lints again when no run was saved.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchCorpus, keyOf, lintPackage, packageRoot, readPackages, readVerdicts, saveFindings, savedFindings } from './corpus.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const before = Number(option('before', 12));
const after = Number(option('after', 6));
const corpus = fetchCorpus();
const packages = readPackages();
let findings = savedFindings(corpus);
if (!findings) {
  findings = packages.flatMap((p) => lintPackage(corpus, p).findings);
  saveFindings(corpus, findings);
}
const verdicts = new Map(readVerdicts().map((v) => [keyOf(v), v]));
const shown = findings
  .filter((f) => process.argv.includes('--all') || !verdicts.has(keyOf(f)))
  .filter((f) => !option('code') || f.code === option('code'))
  .filter((f) => !option('package') || f.package.startsWith(`${option('package')}@`));

const FUNCTION_HEAD = /^\s*((async\s+)?def\s|class\s|(export\s+)?(async\s+)?function[\s*]|(public|private|protected|static|async)\s+\w)/;
for (const f of shown) {
  const pkg = packages.find((p) => p.id === f.package);
  const lines = readFileSync(join(packageRoot(corpus, pkg), f.file), 'utf8').split('\n');
  const from = Math.max(0, f.line - 1 - before);
  const to = Math.min(lines.length, f.line + after);
  let head = from - 1;
  while (head >= 0 && !FUNCTION_HEAD.test(lines[head])) head--;
  const verdict = verdicts.get(keyOf(f));
  console.log(`\n### ${f.package} ${f.file}:${f.line}:${f.column} ${f.code} ${f.severity}${verdict ? ` [${verdict.verdict}: ${verdict.reason}]` : ''}\n${f.message}`);
  if (head >= 0) console.log(`${String(head + 1).padStart(6)}  ${lines[head]}\n   ...`);
  for (let i = from; i < to; i++) console.log(`${String(i + 1).padStart(6)}${i === f.line - 1 ? '>' : ' '} ${lines[i]}`);
  if (!verdict) console.log(`row: ${keyOf(f)}\t?\t`);
}
console.log(`\n${shown.length} finding(s) shown`);
