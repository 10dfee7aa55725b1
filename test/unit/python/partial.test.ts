// `boundwise lint` reads only the parts of a Python file that can hold a finding, plus the
// definitions a chain asks for (server/analysis/python/partial.ts). What it reads must have the
// facts a whole parse gives those parts, and what it leaves out must be exactly the definitions it
// names as deferred: otherwise findings would change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractFacts, extractFactsOfFindingParts, initAnalysis } from '../../../server/analysis/engine';
import { MAX_SOURCE_BYTES } from '../../../server/files/readLimited';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { requireParser } from '../../../server/analysis/python/parser';
import type { Range, SourceFacts } from '../../../server/analysis/types';
import type { Node } from 'web-tree-sitter';
import { EXTRA_CORPUS, sourceFilesUnder, tempProject } from '../../files';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const at = (r: Range | undefined) => (r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : '-');

/** Every fact as `kind@range -> content`, with ids replaced by the ranges they point at. */
function records(facts: SourceFacts): Map<string, string> {
  const fn = (id: number | undefined) => (id === undefined ? '-' : at(facts.functions[id].range));
  const loop = (id: number | undefined) => (id === undefined ? '-' : at(facts.loops![id].range));
  const out = new Map<string, string>();
  const put = (kind: string, range: Range, value: object) => out.set(`${kind}@${at(range)}`, JSON.stringify(value));
  for (const f of facts.functions) put('function', f.range, { ...f, id: undefined, parentId: fn(f.parentId) });
  for (const c of facts.calls) put('call', c.range, { ...c, functionId: fn(c.functionId), loopId: loop(c.loopId) });
  for (const l of facts.loops ?? []) put('loop', l.range, { ...l, id: undefined, functionId: fn(l.functionId), parentLoopId: loop(l.parentLoopId) });
  for (const a of facts.awaits ?? []) put('await', a.range, { ...a, functionId: fn(a.functionId), loopId: loop(a.loopId), callIndex: a.callIndex === undefined ? '-' : at(facts.calls[a.callIndex].range) });
  for (const h of facts.handoffs ?? []) put('handoff', h.range, { ...h, functionId: fn(h.functionId), workFunctionId: 'workFunctionId' in h ? fn(h.workFunctionId) : '-' });
  return out;
}

/** The module-level definitions of `text` and the methods of its classes (decorators included):
 * qualified name and lines. */
function definitions(text: string): Array<{ name: string; start: number; end: number }> {
  const tree = requireParser().parse(text)!;
  const out: Array<{ name: string; start: number; end: number }> = [];
  const collect = (statements: Array<Node | null>, prefix: string) => {
    for (const stmt of statements) {
      const definition = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = definition?.type === 'function_definition' || definition?.type === 'class_definition' ? definition.childForFieldName('name')?.text : undefined;
      if (!stmt || !definition || !name) continue;
      out.push({ name: prefix + name, start: stmt.startPosition.row, end: stmt.endPosition.row });
      if (!prefix && definition.type === 'class_definition') collect(definition.childForFieldName('body')?.namedChildren ?? [], `${name}.`);
    }
  };
  try {
    collect(tree.rootNode.namedChildren, '');
    return out;
  } finally {
    tree.delete();
  }
}

/** Checks the partial facts of `text` against its whole facts; returns the names left out. */
function checkPartial(file: string, text: string, keep: string[] = []): string[] {
  const whole = extractFacts(file, text, 'python');
  const partial = extractFactsOfFindingParts(file, text, 'python', keep);
  // A whole parse with a syntax error is read block by block (./parser): not comparable.
  if (whole.syntaxErrors.length) return partial.deferredNames ?? [];
  const deferred = partial.deferredNames ?? [];
  const wholeRecords = records(whole);
  const partialRecords = records(partial);
  for (const [key, value] of partialRecords) assert.equal(value, wholeRecords.get(key), `${path.basename(file)}: ${key} as in a whole parse`);
  const spans = definitions(text);
  for (const key of wholeRecords.keys()) {
    if (partialRecords.has(key)) continue;
    const line = Number(/@(\d+):/.exec(key)![1]);
    const around = spans.filter((d) => d.start <= line && line <= d.end).map((d) => d.name);
    assert.ok(around.some((name) => deferred.includes(name)), `${path.basename(file)}: ${key} is left out only inside a deferred definition (${around})`);
  }
  for (const name of keep) assert.ok(!deferred.includes(name), `${name} was asked for`);
  assert.deepEqual(partial.reexports, whole.reexports);
  assert.deepEqual(partial.suppressions, whole.suppressions);
  return deferred;
}


/** Top-level lines that look like statements but are not, decorators over several lines, and a
 * class whose attribute types the async code reads. */
const TRICKY = `import asyncio
import time
import requests

DOC = """
def fake():
    pass
class Fake:
    pass
"""
TABLE = {
'key': 1,
}
TOTAL = 1 + \\
2


@decorate(
    option=True,
)
def decorated():
    time.sleep(1)


def helper():
    # a comment with a quote ' and a bracket (
    return requests.get("http://x/'")


class Client:
    def __init__(self):
        self.http = requests.Session()


class Unused:
    def work(self):
        return [1, 2, 3]


async def handler():
    helper()
    decorated()
    Client().http.get("u")
    s = 'def inside():'
    return s


class Service:
    def __init__(self):
        self.session = requests.Session()
        self.count = 0

    def unused(self):
        return self.count + 1

    @staticmethod
    def blocking_helper():
        time.sleep(1)

    async def serve(self):
        self.session.get("u")
        self.blocking_helper()
        return self.count
`;

describe('Python: reading only the parts of a file that can hold a finding', () => {
  before(() => initAnalysis());

  it('leaves out the definitions without async code and reads the rest as a whole parse would', () => {
    const deferred = checkPartial('/tmp/tricky.py', TRICKY);
    // Read besides the async code: what it calls (helper, decorated, Service.blocking_helper) and
    // what assigns attribute types it reads (Client, Service.__init__). The strings' lines are
    // not statements.
    assert.deepEqual(deferred.sort(), ['Service.unused', 'Unused']);
  });

  it('reads the definitions asked for', () => {
    assert.deepEqual(checkPartial('/tmp/tricky.py', TRICKY, ['Unused']), ['Service.unused']);
    assert.deepEqual(checkPartial('/tmp/tricky.py', TRICKY, ['Unused', 'Service.unused']), [], 'nothing left to leave out');
  });

  // More folders (a stdlib, site-packages) can be checked the same way, outside CI:
  // BOUNDWISE_PARTIAL_CHECK_DIRS=/usr/lib/python3.11 npx mocha out/test/unit/python/partial.test.js
  const extraDirs = process.env.BOUNDWISE_PARTIAL_CHECK_DIRS?.split(path.delimiter).filter(Boolean) ?? [];

  it('reads every fixture, example and corpus file as a whole parse would', function () {
    this.timeout(extraDirs.length ? 0 : 30_000);
    const dirs = [path.join(ROOT, 'test', 'fixtures', 'python'), path.join(ROOT, 'examples'), ...(EXTRA_CORPUS ? [path.join(EXTRA_CORPUS, 'python')] : []), ...extraDirs];
    const files = dirs.flatMap((dir) => sourceFilesUnder(dir, 'python')).filter((f) => fs.statSync(f).size < MAX_SOURCE_BYTES);
    let partial = 0;
    for (const file of files) if (checkPartial(file, fs.readFileSync(file, 'utf8')).length) partial++;
    assert.ok(partial >= 5, `${partial} files were read in part`);
  });

  it('finds a chain through a definition left out, in the same file and in another one', async () => {
    const dir = tempProject({
      'service.py': TRICKY,
      'other.py': 'import time\n\n\ndef unrelated():\n    return 1\n\n\ndef slow():\n    time.sleep(2)\n\n\ndef slower():\n    slow()\n',
      'main.py': 'import other\n\n\nasync def run():\n    other.slower()\n    other.slow()\n',
    });
    const files = ['service.py', 'other.py', 'main.py'].map((f) => path.join(dir, f));
    const findings = (r: Awaited<ReturnType<typeof lintFiles>>) => r.findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.code} ${f.related?.length ?? 0}`);
    const fast = await lintFiles(files, {}, [dir]);
    const every = await lintFiles(files, {}, [dir], { parseEveryFile: true });
    assert.deepEqual(findings(fast), findings(every));
    assert.deepEqual(findings(fast), ['service.py:41 BW110 1', 'service.py:42 BW110 1', 'service.py:43 BW102 0', 'service.py:61 BW102 0', 'service.py:62 BW110 1', 'main.py:5 BW110 2', 'main.py:6 BW110 1']);
  });
});
