import * as assert from 'node:assert/strict';
import { parsePython } from '../../../server/analysis/python/parser';
import { pythonQuickFixes } from '../../../server/analysis/python/fixes';
import { applyEdits } from '../../../server/analysis/textEdits';
import type { Finding } from '../../../server/analysis/types';
import { analyze, lines } from '../helpers';

const count = (found: Finding[], code: string) => found.filter((f) => f.code === code).length;

/** Applies every fix of every finding; each result must parse and carry one finding fewer of that code. */
async function checkEveryFix(source: string, expectPreferred: string[]): Promise<string[]> {
  const found = await analyze('fix.py', source);
  assert.ok(found.length > 0, 'the snippet has findings');
  const preferredResults: string[] = [];
  const preferredCodes: string[] = [];
  for (const finding of found) {
    const fixes = pythonQuickFixes('fix.py', source, finding);
    assert.ok(fixes.length >= 1, `${finding.code} offers at least the suppression`);
    for (const fix of fixes) {
      const fixed = applyEdits(source, fix.edits);
      const parsed = parsePython(fixed);
      assert.deepEqual(parsed.errorLines, [], `${fix.title} leaves code that parses:\n${fixed}`);
      parsed.dispose();
      const after = await analyze('fix.py', fixed);
      assert.ok(count(after, finding.code) < count(found, finding.code), `${fix.title} removes its ${finding.code}:\n${fixed}`);
      if (fix.isPreferred) {
        preferredResults.push(fixed);
        preferredCodes.push(finding.code);
      }
    }
  }
  assert.deepEqual(preferredCodes.sort(), [...expectPreferred].sort());
  return preferredResults;
}

describe('Python quick fixes: every fix parses and removes its finding', () => {
  it('time.sleep -> await asyncio.sleep, adding import asyncio', async () => {
    const src = lines('"""doc"""', 'import time', '', 'async def f():', '    time.sleep(1)', '    t = time.sleep(0.5)');
    const [first] = await checkEveryFix(src, ['BW101', 'BW101']);
    assert.match(first, /^import asyncio\nimport time/m);
    assert.match(first, /    await asyncio\.sleep\(1\)/);
  });

  it('keeps an existing import asyncio and handles aliases', async () => {
    const src = lines('import asyncio', 'from time import sleep as nap', 'async def f():', '    nap(2)');
    const [fixed] = await checkEveryFix(src, ['BW101']);
    assert.equal((fixed.match(/import asyncio/g) ?? []).length, 1);
    assert.match(fixed, /await asyncio\.sleep\(2\)/);
  });

  it('blocking calls -> await asyncio.to_thread(f, args...), parenthesised before a trailer', async () => {
    const src = lines(
      'import requests',
      'import subprocess',
      'from urllib.request import urlopen',
      '',
      'async def f(url, s):',
      '    r = requests.get(url, timeout=3)',
      '    subprocess.run(["ls"], check=True)',
      '    data = urlopen(url).read()',
      '    open(url)',
      '    return r',
    );
    const fixed = await checkEveryFix(src, ['BW102', 'BW104', 'BW102', 'BW103']);
    assert.ok(fixed.some((f) => f.includes('r = await asyncio.to_thread(requests.get, url, timeout=3)')));
    assert.ok(fixed.some((f) => f.includes('data = (await asyncio.to_thread(urlopen, url)).read()')));
  });

  it('BW110 helper calls and generator arguments', async () => {
    const src = lines('import time', 'def helper(xs):', '    time.sleep(1)', '    return list(xs)', 'async def f(items):', '    return helper(x for x in items)');
    const [fixed] = await checkEveryFix(src, ['BW110']);
    assert.match(fixed, /await asyncio\.to_thread\(helper, \(x for x in items\)\)/);
  });

  it('CPU loop -> await asyncio.sleep(0) in its body', async () => {
    const src = lines('async def f(n):', '    total = 0', '    for i in range(n):', '        total += i * i', '    while True:', '        total -= 1', '    return total');
    const fixed = await checkEveryFix(src, ['BW201', 'BW201']);
    assert.match(fixed[0], /for i in range\(n\):\n        await asyncio\.sleep\(0\)/);
  });

  it('loop of independent awaits -> asyncio.gather', async () => {
    const src = lines(
      'async def fetch(u):',
      '    return u',
      'async def a(urls):',
      '    pages = []',
      '    for url in urls:',
      '        pages.append(await fetch(url))',
      '    return pages',
      'async def b(urls):',
      '    for url in urls:',
      '        await fetch(url)',
      'async def c(urls):',
      '    for url in urls:',
      '        page = await fetch(url)',
      '        print(page)',
    );
    const fixed = await checkEveryFix(src, ['BW302', 'BW302']);
    assert.ok(fixed.some((f) => f.includes('pages.extend(await asyncio.gather(*(fetch(url) for url in urls)))')));
    assert.ok(fixed.some((f) => f.includes('    await asyncio.gather(*(fetch(url) for url in urls))')));
  });

  it('suppression joins an existing comment', async () => {
    const src = lines('import time', 'async def f():', '    time.sleep(1); time.sleep(2)  # boundwise: ignore[BW999]');
    const found = await analyze('fix.py', src);
    const fix = pythonQuickFixes('fix.py', src, found[0]).pop()!;
    assert.match(applyEdits(src, fix.edits), /# boundwise: ignore\[BW999, BW101\]/);
  });
});
