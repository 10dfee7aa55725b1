// The language server's latency as an editor sees it: time from textDocument/didOpen to the
// first publishDiagnostics for a 1,000-line file, Python and TypeScript, through the built
// server over JSON-RPC (median of repeated opens of fresh URIs).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { LspClient } = require(join(root, 'out', 'test', 'lsp', 'lspClient.js'));

function pythonFile(lines) {
  const out = ['import asyncio', 'import time', 'import json', ''];
  for (let i = 0; out.length < lines - 6; i++) {
    out.push(`async def handler_${i}(request, db):`, `    rows = await db.fetch("select * from t where id = $1", request.id)`, `    data = [json.dumps(r) for r in rows if r["n"] > ${i}]`, `    if not data:`, `        time.sleep(0.1)`, `    return {"count": len(data), "i": ${i}}`, '');
  }
  return out.join('\n') + '\n';
}

function typescriptFile(lines) {
  const out = ["import { readFileSync } from 'node:fs';", ''];
  for (let i = 0; out.length < lines - 6; i++) {
    out.push(`export async function handler${i}(req: { id: number }, db: { fetch(q: string): Promise<unknown[]> }) {`, `  const rows = await db.fetch('select * from t where id = ' + req.id);`, `  const cfg = readFileSync('config-${i}.json', 'utf8');`, `  return { count: rows.length, cfg, i: ${i} };`, '}', '');
  }
  return out.join('\n') + '\n';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const client = new LspClient();
await client.initialize();
const rows = [];
for (const [language, ext, text] of [['python', 'py', pythonFile(1000)], ['typescript', 'ts', typescriptFile(1000)]]) {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const uri = `file:///tmp/boundwise-bench/f${i}.${ext}`;
    const start = performance.now();
    await client.open(uri, language, text);
    await client.diagnosticsFor(uri, 30_000);
    times.push(performance.now() - start);
    await client.close(uri);
  }
  rows.push({ file: `1,000-line ${language}`, lines: text.split('\n').length - 1, 'didOpen -> diagnostics, median ms': median(times.slice(3)).toFixed(1), 'first open ms': times[0].toFixed(1) });
}
await client.shutdown();
console.table(rows);
