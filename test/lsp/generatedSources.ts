// Large source files that look like code people write (classes, async handlers, helpers,
// comments, a few findings), generated to a size, for the language server's big-file tests, the
// edit-latency bench and the fuzz test.

/** A Python module of about `chars` characters: one finding (BW101) every 25 top-level blocks. */
export function pythonModule(chars: number): string {
  const out = ['"""Generated service module."""', 'import asyncio', 'import json', 'import time', '', ''];
  let size = out.join('\n').length;
  for (let i = 0; size < chars; i++) {
    const block =
      i % 3 === 0
        ? [
            `class Store${i}:`,
            `    """Keeps the rows of table ${i}."""`,
            '',
            '    def __init__(self, db):',
            '        self.db = db',
            '        self.rows = {}',
            '',
            `    async def load(self, key):`,
            `        # rows are cached after the first read`,
            '        if key in self.rows:',
            '            return self.rows[key]',
            `        row = await self.db.fetch("select * from t${i} where id = $1", key)`,
            '        self.rows[key] = row',
            '        return row',
          ]
        : i % 3 === 1
          ? [
              `async def handle_${i}(request, store):`,
              `    payload = json.loads(request.body)`,
              `    rows = await asyncio.gather(*(store.load(k) for k in payload["keys"]))`,
              `    total = sum(r["n"] for r in rows if r)`,
              ...(i % 25 === 1 ? ['    time.sleep(0.1)'] : ['    await asyncio.sleep(0)']),
              `    return {"total": total, "handler": ${i}}`,
            ]
          : [`def summarize_${i}(rows):`, `    """Counts the rows by kind."""`, '    counts = {}', '    for row in rows:', '        counts[row.kind] = counts.get(row.kind, 0) + 1', '    return counts'];
    block.push('', '');
    out.push(...block);
    size += block.join('\n').length + 1;
  }
  return out.join('\n') + '\n';
}

/** A JavaScript module of about `chars` characters: one finding (BW101) every 25 functions. */
export function javascriptModule(chars: number): string {
  const out = ["'use strict';", "const fs = require('node:fs');", '', ''];
  let size = out.join('\n').length;
  for (let i = 0; size < chars; i++) {
    const block =
      i % 2 === 0
        ? [
            `class Store${i} {`,
            '  constructor(db) {',
            '    this.db = db;',
            '    this.rows = new Map();',
            '  }',
            '',
            '  async load(key) {',
            '    // rows are cached after the first read',
            '    if (this.rows.has(key)) return this.rows.get(key);',
            `    const row = await this.db.fetch('select * from t${i} where id = $1', key);`,
            '    this.rows.set(key, row);',
            '    return row;',
            '  }',
            '}',
          ]
        : [
            `async function handle${i}(request, store) {`,
            '  const payload = JSON.parse(request.body);',
            '  const rows = await Promise.all(payload.keys.map((k) => store.load(k)));',
            ...(i % 25 === 1 ? [`  const template = fs.readFileSync('template-${i}.html', 'utf8');`] : [`  const template = '<p>${i}</p>';`]),
            '  return { total: rows.filter(Boolean).length, template };',
            '}',
          ];
    block.push('', '');
    out.push(...block);
    size += block.join('\n').length + 1;
  }
  out.push('module.exports = {};');
  return out.join('\n') + '\n';
}
