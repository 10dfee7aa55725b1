// Precision on real code nobody here wrote: fetches the pinned corpus of bench/realworld (async
// Python from Debian, Node from the npm registry) when it is missing, lints each package with the
// built CLI, joins the findings with the reviewed verdicts (bench/realworld/verdicts.tsv) and
// prints, per rule code at its default severity, how many findings were reviewed and how many a
// maintainer would act on. Lists the findings nobody reviewed yet (review them with
// `node bench/realworld/review.mjs`) and the known misses (bench/realworld/misses.tsv) still
// missed. Measures; asserts nothing. `--packages` also prints the corpus package by package.
import { fetchCorpus, keyOf, lintPackage, readMisses, readPackages, readVerdicts, saveFindings, sizeOf } from './realworld/corpus.mjs';

const showPackages = process.argv.includes('--packages');
const corpus = fetchCorpus();
const packages = readPackages();
const verdicts = readVerdicts();
const misses = readMisses();

const started = process.hrtime.bigint();
const findings = [];
const complaints = [];
const perPackage = [];
for (const pkg of packages) {
  const size = sizeOf(corpus, pkg);
  const linted = lintPackage(corpus, pkg);
  findings.push(...linted.findings);
  complaints.push(...linted.complaints.map((c) => `${pkg.id}: ${c}`));
  perPackage.push({ pkg, ...size, findings: linted.findings.length });
}
const lintSeconds = Number(process.hrtime.bigint() - started) / 1e9;
saveFindings(corpus, findings);

const sum = (rows, f) => rows.reduce((n, r) => n + f(r), 0);
const linesOf = (language) => sum(perPackage.filter((p) => p.language === language), (p) => p.lines);
console.log(
  `Real-world corpus: ${packages.length} packages (${perPackage.filter((p) => p.language === 'Python').length} Python, ${perPackage.filter((p) => p.language === 'Node').length} Node; ` +
    `${perPackage.filter((p) => p.pkg.kind === 'application').length} applications), ${sum(perPackage, (p) => p.files).toLocaleString('en')} files, ` +
    `${sum(perPackage, (p) => p.lines).toLocaleString('en')} lines (Python ${linesOf('Python').toLocaleString('en')}, Node ${linesOf('Node').toLocaleString('en')}); ` +
    `lint ${lintSeconds.toFixed(1)} s, one process per package (facts cache in the corpus folder: the first run parses everything)`,
);
if (showPackages) {
  console.log('\n| package | kind | files | lines | findings |\n|---|---|---|---|---|');
  for (const p of perPackage) console.log(`| ${p.pkg.id} | ${p.pkg.kind} | ${p.files} | ${p.lines.toLocaleString('en')} | ${p.findings} |`);
}

// ---- precision per code -------------------------------------------------------------------
const verdictOf = new Map(verdicts.map((v) => [keyOf(v), v]));
const reported = new Set(findings.map(keyOf));
const codes = [...new Set([...findings.map((f) => f.code), ...verdicts.map((v) => v.code)])].sort();
const ratio = (num, den) => (den ? (num / den).toFixed(2) : '-');
console.log('\n| code | severity | findings | reviewed | true | debatable | false | precision t/(t+f) | debatable as false t/(t+d+f) |');
console.log('|---|---|---|---|---|---|---|---|---|');
const row = (label, severity, rows) => {
  const reviewed = rows.map((f) => verdictOf.get(keyOf(f))).filter(Boolean);
  const n = (v) => reviewed.filter((r) => r.verdict === v).length;
  const [t, d, f] = ['true', 'debatable', 'false'].map(n);
  console.log(`| ${label} | ${severity} | ${rows.length} | ${reviewed.length} | ${t} | ${d} | ${f} | ${ratio(t, t + f)} | ${ratio(t, t + d + f)} |`);
};
// One row per code and severity: a finding with partial evidence is reported one level below its
// rule's severity, so the rule's default-severity row is the precision users meet by default.
for (const code of codes) {
  const rows = findings.filter((f) => f.code === code);
  const severities = [...new Set(rows.map((f) => f.severity))];
  if (!severities.length) row(code, '-', rows);
  for (const severity of severities) row(code, severity, rows.filter((f) => f.severity === severity));
}
row('all', '', findings);

// Verdicts whose finding is no longer reported: a false one fixed, or a true one lost.
const gone = verdicts.filter((v) => !reported.has(keyOf(v)));
if (gone.length) {
  const by = (v) => gone.filter((g) => g.verdict === v).length;
  console.log(`\nReviewed findings no longer reported: ${gone.length} (${by('false')} false, ${by('debatable')} debatable, ${by('true')} true${by('true') ? ': recall lost, see below' : ''})`);
  for (const g of gone.filter((v) => v.verdict === 'true')) console.log(`  lost true finding: ${g.package} ${g.file}:${g.line} ${g.code} (${g.reason})`);
}

// ---- findings nobody reviewed yet ---------------------------------------------------------
const unreviewed = findings.filter((f) => !verdictOf.has(keyOf(f)));
console.log(`\nUnreviewed findings: ${unreviewed.length}${unreviewed.length ? ' (review them with `node bench/realworld/review.mjs` and add a row to bench/realworld/verdicts.tsv for each)' : ''}`);
for (const f of unreviewed) console.log(`  ${f.package} ${f.file}:${f.line} ${f.code} ${f.message.split(';')[0]}`);

// ---- known misses -------------------------------------------------------------------------
// A miss is found when a finding of its code starts on its line or lists the line as related
// information (a use of a blocking object after its constructor may be either).
const at = new Map();
const mark = (pkg, file, line, code) => at.set(`${pkg}\t${file}\t${line}`, [...(at.get(`${pkg}\t${file}\t${line}`) ?? []), code]);
for (const f of findings) {
  mark(f.package, f.file, f.line, f.code);
  for (const related of f.related ?? []) mark(f.package, related.file, related.line, f.code);
}
const found = misses.filter((m) => (at.get(`${m.package}\t${m.file}\t${m.line}`) ?? []).includes(m.code));
console.log(`\nKnown misses (blocking calls on async paths, bench/realworld/misses.tsv): ${misses.length}, found now ${found.length}, still missed ${misses.length - found.length}`);
for (const m of misses.filter((x) => !found.includes(x))) {
  const other = at.get(`${m.package}\t${m.file}\t${m.line}`);
  console.log(`  missed: ${m.package} ${m.file}:${m.line} \`${m.call}\` (${m.code}${other ? `; reported there as ${other.join(', ')}` : ''})`);
}

if (complaints.length) {
  console.log(`\nThe CLI said (${complaints.length}):`);
  for (const c of complaints) console.log(`  ${c}`);
}
