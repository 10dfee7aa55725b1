// Keystroke to diagnostics on big files while they do not parse: a 1 MB Python file and a 1 MB
// JavaScript file are opened in the built language server (over JSON-RPC), then a statement is
// typed into them a character at a time, its bracket left open until the last keystroke, in
// several places. Each keystroke's time is from the didChange to the server's answer about the
// file (its diagnostics, or a status message), and the CPU time the server used meanwhile (which
// a busy shared host inflates less than the wall time). The language server's target is a p99
// under 2 s on files up to 1 MB.
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { LspClient } = require(join(root, 'out', 'test', 'lsp', 'lspClient.js'));
const { pythonModule, javascriptModule } = require(join(root, 'out', 'test', 'lsp', 'generatedSources.js'));

const SIZE = 1_000_000;
const PLACES = 4;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

/** Types `statement` at the start of `line` one character at a time; the last keystroke closes it. */
async function typeAt(client, uri, state, line, statement, times, cpu) {
  for (let i = 0; i <= statement.length; i++) {
    const position = { line, character: i };
    const cpuBefore = client.serverCpuMs();
    const text = i < statement.length ? statement[i] : '\n';
    times.push(await client.editAndWait(uri, ++state.version, [{ range: { start: position, end: position }, text }], 120_000));
    cpu.push(client.serverCpuMs() - cpuBefore);
  }
}

const cases = [
  { language: 'python', ext: 'py', text: pythonModule(SIZE), statement: 'value = compute(alpha, beta)' },
  { language: 'javascript', ext: 'js', text: javascriptModule(SIZE), statement: 'const value = compute(alpha, beta);' },
];
const rows = [];
const client = new LspClient();
await client.initialize();
for (const { language, ext, text, statement } of cases) {
  const uri = `file:///tmp/boundwise-bench/big.${ext}`;
  const openStart = performance.now();
  await client.open(uri, language, text);
  await client.diagnosticsFor(uri, 120_000);
  const openMs = performance.now() - openStart;
  const lines = text.split('\n');
  const state = { version: 1 };
  const times = [];
  const cpu = [];
  // Blank lines between top-level blocks, spread over the file: the statement starts in column 0.
  for (let p = 1; p <= PLACES; p++) {
    let line = Math.floor((lines.length * p) / (PLACES + 1));
    while (lines[line] !== '' || lines[line + 1] !== '') line++;
    await typeAt(client, uri, state, line + 1, statement, times, cpu);
    lines.splice(line + 1, 0, statement);
  }
  await client.close(uri);
  rows.push({
    file: `${(text.length / 1e6).toFixed(1)} MB ${language}, typing with a syntax error`,
    keystrokes: times.length,
    'open ms': openMs.toFixed(0),
    'p50 ms': percentile(times, 50).toFixed(0),
    'p99 ms': percentile(times, 99).toFixed(0),
    'max ms': Math.max(...times).toFixed(0),
    'server CPU p50 ms': percentile(cpu, 50).toFixed(0),
    'server CPU p99 ms': percentile(cpu, 99).toFixed(0),
  });
}
await client.shutdown();
console.table(rows);
console.log(`host: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1, 5, 15 min)`);
