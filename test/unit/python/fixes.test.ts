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
    const src = lines('async def f(n):', '    total = 0', '    for i in range(n):', '        for j in range(i):', '            total += i * j', '    while True:', '        total -= 1', '    return total');
    const fixed = await checkEveryFix(src, ['BW201', 'BW201']);
    assert.match(fixed[0], /for i in range\(n\):\n        await asyncio\.sleep\(0\)  # let other tasks run\n        for j in range\(i\):/);
  });

  it('loop of independent awaits -> asyncio.gather', async () => {
    const src = lines(
      'async def fetch(session, u):',
      '    return await session.get(u)',
      'async def a(session, urls):',
      '    pages = []',
      '    for url in urls:',
      '        pages.append(await fetch(session, url))',
      '    return pages',
      'async def b(session, urls):',
      '    for url in urls:',
      '        await fetch(session, url)',
      'async def c(session, urls):',
      '    for url in urls:',
      '        page = await fetch(session, url)',
      '        print(page)',
    );
    const fixed = await checkEveryFix(src, ['BW302', 'BW302']);
    assert.ok(fixed.some((f) => f.includes('pages.extend(await asyncio.gather(*(fetch(session, url) for url in urls)))')));
    assert.ok(fixed.some((f) => f.includes('    await asyncio.gather(*(fetch(session, url) for url in urls))')));
  });

  it('no gather where the rewrite could change what the loop does', async () => {
    const offered = async (...code: string[]) => {
      const source = lines(...code);
      const [finding] = (await analyze('fix.py', source)).filter((f) => f.code === 'BW302');
      assert.ok(finding, `a BW302 finding in:\n${source}`);
      return pythonQuickFixes('fix.py', source, finding).map((f) => f.title);
    };
    const suppressionOnly = ['Ignore BW302 on this line'];
    // The loop variable is read after the loop: the generator would not leave it bound.
    assert.deepEqual(await offered('async def f(session, urls):', '    for url in urls:', '        await session.get(url)', '    return url'), suppressionOnly);
    // An argument that calls something runs for every item before the first request.
    assert.deepEqual(await offered('async def f(session, urls):', '    for url in urls:', '        await session.get(url.strip())'), suppressionOnly);
    // Appending to the list being walked.
    assert.deepEqual(await offered('async def f(session, urls):', '    for url in urls:', '        urls.append(await session.get(url))'), suppressionOnly);
    // A `for ... else` runs its `else` after the last iteration.
    assert.deepEqual(await offered('async def f(session, urls):', '    for url in urls:', '        await session.get(url)', '    else:', '        print("done")'), suppressionOnly);
  });

  it('trio: trio.sleep, trio.to_thread.run_sync (keywords through a lambda), no gather; messages say trio', async () => {
    const src = lines(
      'import time',
      'import requests',
      'import trio',
      '',
      'async def f(url, urls, n, session):',
      '    time.sleep(1)',
      '    requests.get(url, timeout=3)',
      '    requests.get(url)',
      '    total = 0',
      '    for i in range(n):',
      '        for j in range(i):',
      '            total += i * j',
      '    for u in urls:',
      '        await session.get(u)',
    );
    const found = await analyze('fix.py', src);
    const message = (code: string) => found.find((f) => f.code === code)?.message ?? '';
    assert.match(message('BW101'), /use await trio\.sleep\(\.\.\.\) instead/);
    assert.match(message('BW102'), /await trio\.to_thread\.run_sync\(\.\.\.\)/);
    assert.match(message('BW201'), /await trio\.sleep\(0\)/);
    assert.match(message('BW302'), /a nursery \(async with trio\.open_nursery\(\) as nursery:/);
    assert.doesNotMatch(found.map((f) => f.message).join('\n'), /asyncio/);
    const fixed = await checkEveryFix(src, ['BW101', 'BW102', 'BW102', 'BW201']);
    assert.ok(fixed.some((f) => f.includes('    await trio.sleep(1)')));
    assert.ok(fixed.some((f) => f.includes('    await trio.to_thread.run_sync(lambda: requests.get(url, timeout=3))')));
    assert.ok(fixed.some((f) => f.includes('    await trio.to_thread.run_sync(requests.get, url)')));
    assert.ok(fixed.some((f) => f.includes('        await trio.sleep(0)  # let other tasks run')));
    assert.ok(fixed.every((f) => !/asyncio/.test(f)), 'no asyncio in a trio module');
  });

  it('anyio: anyio.sleep and anyio.to_thread.run_sync, adding import anyio when only names were imported', async () => {
    const src = lines('import time', 'from anyio import create_task_group', '', 'async def f():', '    time.sleep(1)', '    open("x").read()');
    const found = await analyze('fix.py', src);
    assert.match(found.find((f) => f.code === 'BW103')?.message ?? '', /await anyio\.to_thread\.run_sync\(\.\.\.\)/);
    const fixed = await checkEveryFix(src, ['BW101', 'BW103']);
    assert.ok(fixed.every((f) => /^import anyio$/m.test(f)), 'import anyio added');
    assert.ok(fixed.some((f) => f.includes('    await anyio.sleep(1)')));
    assert.ok(fixed.some((f) => f.includes('(await anyio.to_thread.run_sync(open, "x")).read()')));
  });

  it('suppression joins an existing comment', async () => {
    const src = lines('import time', 'async def f():', '    time.sleep(1); time.sleep(2)  # boundwise: ignore[BW999]');
    const found = await analyze('fix.py', src);
    const fix = pythonQuickFixes('fix.py', src, found[0]).pop()!;
    assert.match(applyEdits(src, fix.edits), /# boundwise: ignore\[BW999, BW101\]/);
  });
});
