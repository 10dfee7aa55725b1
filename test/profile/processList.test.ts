// The editor's attach pick lists this user's running Node and Python processes from /proc: real
// processes started here, with their command line and folder; the editor's own processes (the
// caller, its ancestors and their children on the caller's executable) are left out.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listOwnProcesses } from '../../src/profile/attach/processList';

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => setTimeout(resolve, 200));
    child.once('error', reject);
  });
}

describe('listOwnProcesses (/proc)', function () {
  this.timeout(20000);
  const children: ChildProcess[] = [];
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bw-plist-')));
  });
  after(() => {
    for (const c of children) c.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists a running Node and a running Python process with their command line and folder, newest first', async () => {
    const node = spawn('node', ['-e', 'setInterval(() => {}, 1000)', 'marker-node'], { cwd: dir, stdio: 'ignore' });
    children.push(node);
    await started(node);
    const python = spawn('python3', ['-c', 'import time; time.sleep(30)', 'marker-python'], { cwd: dir, stdio: 'ignore' });
    children.push(python);
    await started(python);
    // selfExe: another executable, so that these children of this process count as the user's.
    // (python3 may be a launcher script that execs the interpreter a moment later: wait for it.)
    let list = listOwnProcesses({ selfExe: '/nonexistent/editor' });
    for (const until = Date.now() + 10_000; Date.now() < until && !list.some((x) => x.pid === python.pid); await new Promise((r) => setTimeout(r, 100))) {
      list = listOwnProcesses({ selfExe: '/nonexistent/editor' });
    }
    const n = list.find((p) => p.pid === node.pid);
    const p = list.find((x) => x.pid === python.pid);
    assert.ok(n, `node ${node.pid} not listed: ${JSON.stringify(list.map((x) => x.pid))}`);
    assert.ok(p, `python ${python.pid} not listed`);
    assert.equal(n.language, 'node');
    assert.deepEqual(n.argv.slice(-1), ['marker-node']);
    assert.equal(n.cwd, dir);
    assert.equal(p.language, 'python');
    assert.deepEqual(p.argv.slice(-1), ['marker-python']);
    assert.ok(list.indexOf(n) > -1 && list.every((x, i) => i === 0 || list[i - 1].pid > x.pid), 'not newest (highest pid) first');
  });

  it('leaves out the caller, its ancestors, and their children running the caller\'s executable (the editor\'s own processes)', async () => {
    const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(helper);
    await started(helper);
    const pids = listOwnProcesses().map((p) => p.pid);
    assert.ok(!pids.includes(process.pid), 'lists itself');
    assert.ok(!pids.includes(process.ppid), 'lists its parent');
    assert.ok(!pids.includes(helper.pid!), 'lists a helper on its own executable');
    assert.ok(listOwnProcesses({ selfExe: '/nonexistent/editor' }).some((p) => p.pid === helper.pid), 'the helper is a Node process it can see');
  });

  it("lists only the given user's processes", () => {
    const uid = process.getuid!();
    assert.ok(listOwnProcesses({ uid, selfExe: '/x' }).length > 0);
    assert.deepEqual(listOwnProcesses({ uid: 4_000_000_000, selfExe: '/x' }), []);
  });
});
