// The pieces of server/files and the CLI's printing that the hostile-workspace tests (test/cli)
// reach only through whole runs: git configuration parsing and terminal-safe text.
import * as assert from 'node:assert/strict';
import { coreExcludesFile } from '../../server/files/gitIgnores';
import { printable } from '../../src/cli/format/printable';

describe('core.excludesFile in a git configuration', () => {
  const cases: Array<[string, string | undefined]> = [
    ['[core]\n\texcludesFile = ~/.gitignore_global\n', '~/.gitignore_global'],
    ['[Core]\n  ExcludesFile="/a b/ignore" ; a comment\n', '/a b/ignore'],
    ['[core]\nexcludesfile = "x\\"y" # comment\n', 'x"y'],
    ['[user]\nexcludesFile = /not/core\n[core]\n\tautocrlf = false\n', undefined],
    ['[core "x"]\nexcludesFile = /sub\n[alias]\n', undefined],
    ['[core]\nexcludesFile = /first\n[core]\nexcludesFile = /second\n', '/second'],
    ['', undefined],
  ];
  for (const [config, expected] of cases) it(JSON.stringify(config), () => assert.equal(coreExcludesFile(config), expected));
});

describe('printable: text from the workspace made safe for a terminal', () => {
  it('escapes escape sequences, bells, C1 controls and bidi overrides', () => {
    assert.equal(printable('\x1b[31mred\x1b[0m.py'), '\\x1b[31mred\\x1b[0m.py');
    assert.equal(printable('\x1b]0;title\x07'), '\\x1b]0;title\\x07');
    assert.equal(printable('a\u009b2Jb\x7f'), 'a\\x9b2Jb\\x7f');
    assert.equal(printable('evil\u202egnp.py'), 'evil\\u202egnp.py');
    assert.equal(printable('line\nbreak\ttab\r'), 'line\\x0abreak\\x09tab\\x0d');
  });

  it('leaves ordinary text and non-ASCII names alone', () => {
    for (const text of ['app.py:4:5: BW101 `time.sleep` blocks', 'café/naïve.py', '日本語.py', '😀.ts']) assert.equal(printable(text), text);
  });
});
