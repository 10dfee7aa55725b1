// The report page may ask to open any path; only the profiled script and workspace files open.
import * as assert from 'node:assert/strict';
import { lineFrom, openableFile } from '../../src/extension/profile/safety';

describe('report open: path safety', () => {
  const allowed = { script: '/outside/tools/run.py', workspaceFolders: ['/home/u/project', '/home/u/lib'] };

  it('opens files inside a workspace folder, normalised', () => {
    assert.equal(openableFile('/home/u/project/app.py', allowed), '/home/u/project/app.py');
    assert.equal(openableFile('/home/u/project/./pkg/../app.py', allowed), '/home/u/project/app.py');
    assert.equal(openableFile('/home/u/lib/x/y.ts', allowed), '/home/u/lib/x/y.ts');
  });

  it('opens the profiled script even outside the workspace', () => {
    assert.equal(openableFile('/outside/tools/run.py', allowed), '/outside/tools/run.py');
  });

  it('refuses paths that escape, look alike, are relative or are not strings', () => {
    assert.equal(openableFile('/home/u/project/../.ssh/id_rsa', allowed), undefined);
    assert.equal(openableFile('/home/u/project-evil/app.py', allowed), undefined);
    assert.equal(openableFile('/outside/tools/other.py', allowed), undefined);
    assert.equal(openableFile('app.py', allowed), undefined);
    assert.equal(openableFile('/usr/lib/python3.11/asyncio/base_events.py', allowed), undefined);
    assert.equal(openableFile('/home/u/project/a\0.py', allowed), undefined);
    assert.equal(openableFile('', allowed), undefined);
    assert.equal(openableFile(42, allowed), undefined);
    assert.equal(openableFile('/home/u/project/app.py', { script: '/x.py', workspaceFolders: [] }), undefined);
  });

  it('clamps lines to 1-based integers', () => {
    assert.equal(lineFrom(12), 12);
    assert.equal(lineFrom(3.7), 3);
    assert.equal(lineFrom(0), 1);
    assert.equal(lineFrom(-4), 1);
    assert.equal(lineFrom('9'), 1);
    assert.equal(lineFrom(NaN), 1);
  });
});
