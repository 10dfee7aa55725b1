// JS/TS static analysis: Boundwise vs ESLint 9 (only `n/no-sync` and `no-await-in-loop`) on
// ESLint's own lib/ plus typescript-estree's dist/ (.js), whole process each, best of N runs;
// then the median re-analysis time of a 2,000-line TypeScript file after a one-character edit,
// split into parse / facts / rules. Measures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const eslintLib = join(dirname(require.resolve('eslint/package.json')), 'lib');
const estreeDist = join(dirname(require.resolve('@typescript-eslint/typescript-estree/package.json')), 'dist');
const files = [...jsFiles(eslintLib), ...jsFiles(estreeDist)];
const lines = files.reduce((n, f) => n + require('node:fs').readFileSync(f, 'utf8').split('\n').length, 0);

const work = mkdtempSync(join(tmpdir(), 'boundwise-bench-'));
const eslintConfig = join(work, 'eslint.config.cjs');
writeFileSync(
  eslintConfig,
  `const n = require(${JSON.stringify(require.resolve('eslint-plugin-n'))});
module.exports = [{ ignores: ['!**/node_modules/'] }, {
  files: ['**/*.js'],
  plugins: { n },
  languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
  rules: { 'n/no-sync': 'error', 'no-await-in-loop': 'error' },
}];
`,
);

// Each tool's own CPU time (user + system), printed by a preload at exit: less sensitive than
// wall time to other work on a shared machine.
const cpuPreload = join(work, 'cpu.cjs');
writeFileSync(cpuPreload, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\nBENCH_CPU_MS=${(u.user + u.system) / 1000}\\n`); });\n");

function timeRun(script, args) {
  let best = Infinity;
  let cpu = Infinity;
  let stdout = '';
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', cpuPreload, script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error) throw r.error;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${script} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    best = Math.min(best, ms);
    cpu = Math.min(cpu, Number(/BENCH_CPU_MS=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN));
    stdout = r.stdout;
  }
  return { ms: best, cpu, stdout };
}

// Cold: no facts cache (ESLint's own cache is off too); warm: a cache an earlier run wrote.
const boundwise = timeRun(join(root, 'bin', 'boundwise.js'), ['lint', '--format', 'json', '--no-cache', ...files]);
const bwFindings = JSON.parse(boundwise.stdout);
const warmArgs = ['lint', '--format', 'json', '--cache-dir', join(work, 'cache'), ...files];
timeRun(join(root, 'bin', 'boundwise.js'), warmArgs);
const warm = timeRun(join(root, 'bin', 'boundwise.js'), warmArgs);
// --no-inline-config: the sources' own eslint-disable comments name rules this config does not load.
const eslint = timeRun(join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'), ['--no-config-lookup', '-c', eslintConfig, '--no-inline-config', '--format', 'json', ...files]);
const esResults = JSON.parse(eslint.stdout);
const esMessages = esResults.flatMap((r) => r.messages.map((m) => ({ ...m, ruleId: m.ruleId ?? (m.fatal ? 'parse error' : 'other') })));
const byRule = (list, key) => Object.entries(list.reduce((m, x) => ((m[x[key]] = (m[x[key]] ?? 0) + 1), m), {})).map(([k, v]) => `${k} ${v}`).join(', ');

console.log(`Lint ${files.length} files (${lines} lines): node_modules/eslint/lib + @typescript-eslint/typescript-estree/dist, whole process, best of ${RUNS}`);
console.log('| tool | wall time | CPU time | findings | by rule |');
console.log('|---|---:|---:|---:|---|');
console.log(`| Boundwise (all rules), no cache | ${boundwise.ms.toFixed(0)} ms | ${boundwise.cpu.toFixed(0)} ms | ${bwFindings.length} | ${byRule(bwFindings, 'code') || '-'} |`);
console.log(`| ESLint 9 (n/no-sync, no-await-in-loop) | ${eslint.ms.toFixed(0)} ms | ${eslint.cpu.toFixed(0)} ms | ${esMessages.length} | ${byRule(esMessages, 'ruleId') || '-'} |`);
console.log(`| Boundwise, cache warm (files unchanged) | ${warm.ms.toFixed(0)} ms | ${warm.cpu.toFixed(0)} ms | ${JSON.parse(warm.stdout).length} | ${byRule(JSON.parse(warm.stdout), 'code') || '-'} |`);
console.log(`Boundwise (no cache) / ESLint: wall ${(boundwise.ms / eslint.ms).toFixed(2)}, CPU ${(boundwise.cpu / eslint.cpu).toFixed(2)} (target <= 0.50)`);
rmSync(work, { recursive: true, force: true });

// Where Boundwise's time goes on the same files, one thread, in process (second pass: JIT warm).
{
  const ts = require('typescript');
  const { parseJs: parse, extractJsFacts: facts } = require(join(root, 'out', 'server', 'analysis', 'js', 'facts.js'));
  const { runRules: rules } = require(join(root, 'out', 'server', 'analysis', 'engine.js'));
  const texts = files.map((f) => require('node:fs').readFileSync(f, 'utf8'));
  const cpu = (fn) => {
    const s = process.cpuUsage();
    fn();
    const u = process.cpuUsage(s);
    return (u.user + u.system) / 1000;
  };
  let row;
  for (let pass = 0; pass < 2; pass++) {
    let programs = [];
    let all = [];
    row = {
      tsParser: cpu(() => texts.forEach((t, i) => ts.createSourceFile(files[i], t, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, ts.ScriptKind.JS))),
      estree: cpu(() => (programs = texts.map((t, i) => parse(t, files[i])))),
      facts: cpu(() => (all = programs.map((p, i) => facts(files[i], texts[i], 'javascript', p)))),
      rules: cpu(() => all.forEach((f) => rules(f))),
    };
  }
  console.log('');
  console.log('Where the time goes (same files, one thread, in process, JIT warm): CPU ms');
  console.log('| TypeScript parser alone | typescript-estree (TS parser + ESTree conversion) | facts | rules |');
  console.log('|---:|---:|---:|---:|');
  console.log(`| ${row.tsParser.toFixed(0)} | ${row.estree.toFixed(0)} | ${row.facts.toFixed(0)} | ${row.rules.toFixed(0)} |`);
}

// ---- re-analysis of a 2,000-line TS file after a one-character edit ----------------------
const { analyzeSource, extractFacts, runRules, initAnalysis } = require(join(root, 'out', 'server', 'analysis', 'engine.js'));
const { parseJs } = require(join(root, 'out', 'server', 'analysis', 'js', 'facts.js'));
await initAnalysis();

function tsModule(targetLines) {
  const out = ["import { readFileSync } from 'node:fs';", "import { execSync } from 'node:child_process';", ''];
  let i = 0;
  while (out.length + 19 <= targetLines) {
    out.push(
      `export interface Row${i} { id: number; name: string; tags: string[] }`,
      `export async function handler${i}(rows: Row${i}[], limit: number): Promise<number> {`,
      `  const text = readFileSync('data${i}.json', 'utf8');`,
      '  let total = 0;',
      '  for (let j = 0; j < limit; j++) {',
      '    total += rows[j % rows.length].id * 31;',
      '  }',
      '  for (const row of rows) {',
      `    await save${i}(row);`,
      '  }',
      '  return total + text.length;',
      '}',
      `async function save${i}(row: Row${i}): Promise<void> {`,
      '  await new Promise((r) => setTimeout(r, row.id));',
      '}',
      `export function helper${i}(x: number): string {`,
      "  return execSync('echo ' + x).toString();",
      '}',
      '',
    );
    i++;
  }
  while (out.length < targetLines) out.push('// padding');
  return out.join('\n') + '\n';
}

const base = tsModule(2000);
const file = join(root, 'bench-virtual.ts');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const s = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - s) / 1e6;
};
// Warm up the JIT, then type: one character changes at a different place each time, on top of
// the edits before it (the language server sees the same file re-analysed after each keystroke).
const { parseJsIncremental } = require(join(root, 'out', 'server', 'analysis', 'js', 'incremental.js'));
const { extractJsFacts } = require(join(root, 'out', 'server', 'analysis', 'js', 'facts.js'));
for (let k = 0; k < 10; k++) analyzeSource(file, base, 'typescript');
const total = [];
const parse = [];
const incremental = [];
const facts = [];
const rules = [];
let findings = 0;
let text = base;
for (let k = 0; k < 40; k++) {
  const at = text.indexOf('* 3', (k * 997) % (text.length - 10));
  const edited = text.slice(0, at + 3) + String(k % 10) + text.slice(at + 4);
  total.push(time(() => (findings = analyzeSource(file, edited, 'typescript').findings.length)));
  let program;
  parse.push(time(() => (program = parseJs(edited, file))));
  let f;
  facts.push(time(() => (f = extractJsFacts(file, edited, 'typescript', program))));
  rules.push(time(() => runRules(f)));
  const next = edited.slice(0, at + 3) + String((k + 1) % 10) + edited.slice(at + 4);
  parseJsIncremental(edited, file);
  incremental.push(time(() => parseJsIncremental(next, file)));
  text = next;
  analyzeSource(file, text, 'typescript');
}
console.log('');
console.log(`Re-analysis of a 2,000-line TypeScript file after a one-character edit (${findings} findings), median of 40`);
console.log('| step | median |');
console.log('|---|---:|');
console.log(`| whole re-analysis (analyzeSource, reusing unchanged top-level statements) | ${median(total).toFixed(1)} ms (target <= 60 ms) |`);
console.log(`| parse, reusing unchanged top-level statements (js/incremental) | ${median(incremental).toFixed(1)} ms |`);
console.log(`| typescript-estree parse of the whole file (for comparison) | ${median(parse).toFixed(1)} ms |`);
console.log(`| facts (scopes, calls, loops, awaits) | ${median(facts).toFixed(1)} ms |`);
console.log(`| rules | ${median(rules).toFixed(1)} ms |`);
