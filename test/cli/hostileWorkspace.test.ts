// `boundwise lint` in a workspace nobody vetted, as a real process: it runs nothing of the
// workspace (a repository's git configuration can name programs), reads only regular files under
// size limits (FIFOs, devices, a 1 GB file, a gzip bomb planted as its cache), reports every file
// it could not read and exits 2 then, and prints file names with their control characters escaped.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { tempProject } from '../files';
import { boundwise } from './run';

const SLEEPY_PY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const SLEEPY_TS = 'export async function w(v: Int32Array) {\n  Atomics.wait(v, 0, 0);\n}\n';

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

/** The files that got a finding, relative and sorted, from `lint --format json`. */
function flagged(stdout: string): string[] {
  return [...new Set((JSON.parse(stdout) as Array<{ file: string }>).map((f) => f.file.split(path.sep).join('/')))].sort();
}

describe('boundwise lint in a hostile workspace', function () {
  this.timeout(120_000);

  it("never runs the repository's git configuration (core.fsmonitor)", () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY });
    const marker = path.join(dir, '..', `${path.basename(dir)}-ran`);
    git(dir, 'init', '-q');
    // The reproduction: git runs core.fsmonitor for `git ls-files`, `git status`...
    git(dir, 'config', 'core.fsmonitor', `echo RAN >> '${marker}'; false`);
    const r = boundwise(['lint'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /app\.py:4:5: BW101/);
    assert.equal(fs.existsSync(marker), false, 'the fsmonitor command ran');
  });

  describe('skips what git would ignore, read from the ignore files', () => {
    let dir: string;
    let home: string;
    before(() => {
      home = tempProject({ '.gitconfig': '[user]\n\tname = x\n[core]\n\texcludesFile = ~/my-excludes # a comment\n', 'my-excludes': 'global_ignored.py\n' });
      dir = tempProject({
        '.gitignore': ['generated/', '/build_out.py', '*.gen.py', '!keep.gen.py', 'logs'].join('\n'),
        'generated/x.py': SLEEPY_PY, // a folder-only pattern
        'build_out.py': SLEEPY_PY, // anchored to the top folder ...
        'sub/build_out.py': SLEEPY_PY, // ... so not this one
        'a.gen.py': SLEEPY_PY,
        'keep.gen.py': SLEEPY_PY, // negation
        'logs/y.py': SLEEPY_PY, // a pattern without a slash matches folders too
        'sub/.gitignore': 'local.py\n!a.gen.py\n',
        'sub/local.py': SLEEPY_PY, // a nested .gitignore ...
        'local.py': SLEEPY_PY, // ... applies below its folder only
        'sub/a.gen.py': SLEEPY_PY, // a deeper negation wins
        'excluded_by_info.py': SLEEPY_PY,
        'global_ignored.py': SLEEPY_PY,
        'untracked.py': SLEEPY_PY, // never added to git: linted, as `git ls-files --others` listed it
        'w.ts': SLEEPY_TS,
      });
      git(dir, 'init', '-q');
      fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), 'excluded_by_info.py\n');
      git(dir, 'add', 'w.ts', 'local.py');
    });

    it('.gitignore files (nested, anchored, folder-only, negated), info/exclude and the global excludes file', () => {
      const r = boundwise(['lint', '--format', 'json', '--no-cache'], dir, { env: { HOME: home, XDG_CONFIG_HOME: path.join(home, 'none') } });
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(flagged(r.stdout), ['keep.gen.py', 'local.py', 'sub/a.gen.py', 'sub/build_out.py', 'untracked.py', 'w.ts']);
    });

    it('the global excludes file at $XDG_CONFIG_HOME/git/ignore when git configures none', () => {
      const xdg = tempProject({ 'git/ignore': 'untracked.py\n' });
      const r = boundwise(['lint', '--format', 'json', '--no-cache'], dir, { env: { HOME: tempProject({}), XDG_CONFIG_HOME: xdg } });
      assert.deepEqual(flagged(r.stdout), ['global_ignored.py', 'keep.gen.py', 'local.py', 'sub/a.gen.py', 'sub/build_out.py', 'w.ts']);
    });

    it('a folder linted from inside the repository gets the rules of the folders above it', () => {
      const r = boundwise(['lint', '--format', 'json', '--no-cache', 'sub'], dir, { env: { HOME: home } });
      assert.deepEqual(flagged(r.stdout), ['sub/a.gen.py', 'sub/build_out.py']);
    });
  });

  it('reads no FIFO (configuration or source): the run ends, says so and exits 2', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY, 'src/w.ts': SLEEPY_TS });
    for (const fifo of ['.boundwise.json', 'src/tsconfig.json', 'pipe.py']) assert.equal(spawnSync('mkfifo', [path.join(dir, fifo)]).status, 0);
    const r = boundwise(['lint'], dir, { timeoutMs: 60_000 });
    assert.notEqual(r.status, 137, 'lint hung on a FIFO and was killed');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, /^app\.py:4:5: BW101/m);
    assert.match(r.stdout, /^src\/w\.ts:2:3: BW101/m);
    assert.match(r.stdout, /^pipe\.py: could not be read: it is a FIFO, not a regular file\.$/m);
    assert.match(r.stdout, /^\.boundwise\.json: could not be read: it is a FIFO, not a regular file; its settings are ignored\.$/m);
    assert.match(r.stdout, /^src\/tsconfig\.json: could not be read: it is a FIFO, not a regular file; its settings are ignored\.$/m);
    assert.match(r.stdout, /^Found 2 problems in 2 files; 3 files or folders could not be read \(listed above\)\.$/m);
  });

  it('a symlink to /dev/zero, a 1 GB sparse file and a gzip bomb as its cache: memory stays bounded and the run says what it skipped', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY });
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.py'));
    fs.closeSync(fs.openSync(path.join(dir, 'huge.py'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.py'), 1 << 30); // sparse: costs no disk
    // 64 gzip members of 16 MB of zeros: a 1 MB file that inflates to 1 GB.
    const member = zlib.gzipSync(Buffer.alloc(16 << 20), { level: 9 });
    fs.mkdirSync(path.join(dir, '.boundwise_cache'));
    fs.writeFileSync(path.join(dir, '.boundwise_cache', 'facts.v8.gz'), Buffer.concat(Array(64).fill(member)));
    const r = boundwise(['lint'], dir, { timeoutMs: 60_000, measureMemory: true });
    assert.notEqual(r.status, 137, 'lint hung and was killed');
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.peakMb! < 600, `peak memory ${r.peakMb} MB`);
    assert.match(r.stdout, /^zero\.py: could not be read: it is a device, not a regular file\.$/m);
    assert.match(r.stdout, /^huge\.py: skipped: it is larger than 5 MB\.$/m);
    assert.match(r.stdout, /^app\.py:4:5: BW101/m);
    assert.match(r.stderr, /^boundwise lint: the cache in .*\.boundwise_cache was not used \(facts\.v8\.gz inflates to more than 256 MB\); every file is parsed\.$/m);
  });

  it('writes its cache through no symbolic link the workspace planted', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY, '.boundwise_cache/keep': '' });
    const victim = path.join(dir, '..', `${path.basename(dir)}-victim`);
    fs.symlinkSync(victim, path.join(dir, '.boundwise_cache', '.gitignore')); // dangling: writing it would create the victim
    assert.equal(boundwise(['lint'], dir).status, 1);
    assert.equal(fs.existsSync(victim), false, 'lint wrote through the planted link');
    assert.ok(fs.existsSync(path.join(dir, '.boundwise_cache', 'facts.v8.gz')));

    const other = tempProject({ 'app.py': SLEEPY_PY });
    const elsewhere = tempProject({});
    fs.symlinkSync(elsewhere, path.join(other, '.boundwise_cache'));
    const r = boundwise(['lint'], other);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /could not write the cache in .*\.boundwise_cache \(the cache folder is a symbolic link\)/);
    assert.deepEqual(fs.readdirSync(elsewhere), []);
  });

  describe('files and folders it cannot read are reported, and lint exits 2', () => {
    let dir: string;
    before(() => {
      dir = tempProject({ 'app.py': SLEEPY_PY, 'locked.py': SLEEPY_PY, 'closed/inner.py': SLEEPY_PY });
      fs.symlinkSync('missing.py', path.join(dir, 'gone.py')); // a dangling symbolic link
      fs.writeFileSync(Buffer.from(path.join(dir, 'caf\xe9.py'), 'latin1'), SLEEPY_PY); // a Latin-1 name
      // A folder deeper than PATH_MAX (4096): made one relative step at a time.
      const deep = spawnSync('bash', ['-c', `cd "$1" && for i in $(seq 18); do n=$(printf 'd%.0s' $(seq 240)); mkdir "$n" && cd "$n" || exit 1; done; printf '%s' "$2" > deep.py`, 'bash', dir, SLEEPY_PY]);
      assert.equal(deep.status, 0, String(deep.stderr));
      fs.chmodSync(path.join(dir, 'locked.py'), 0o000);
      fs.chmodSync(path.join(dir, 'closed'), 0o000);
      fs.chmodSync(dir, 0o755); // others may walk the project
    });
    after(() => {
      fs.chmodSync(path.join(dir, 'closed'), 0o755);
      spawnSync('rm', ['-rf', dir]);
    });

    // Root reads files whatever their mode: a permission problem is made real by running the CLI
    // as `nobody` (setpriv, util-linux) when the tests run as root.
    const asUser = process.getuid?.() === 0 ? 'nobody' : undefined;

    it('in the text summary', () => {
      const r = boundwise(['lint', '--no-cache'], dir, { asUser });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout, /^app\.py:4:5: BW101/m);
      assert.match(r.stdout, /^gone\.py: could not be read: it does not exist \(a dangling symbolic link\?\)\.$/m);
      assert.match(r.stdout, /^locked\.py: could not be read: permission denied\.$/m);
      assert.match(r.stdout, /^closed: folder could not be read: permission denied; the files in it were not checked\.$/m);
      assert.match(r.stdout, /^caf\\xe9\.py: name is not valid UTF-8; not checked\.$/m);
      assert.match(r.stdout, /^(d{240}\/)+d{240}: folder could not be read: its path is longer than the system allows; the files in it were not checked\.$/m);
      assert.match(r.stdout, /^Found 1 problem in 1 file; 5 files or folders could not be read \(listed above\)\.$/m);
      assert.doesNotMatch(r.stdout, /All checks passed/);
    });

    it('on stderr for json and sarif', () => {
      for (const format of ['json', 'sarif']) {
        const r = boundwise(['lint', '--no-cache', '--format', format], dir, { asUser });
        assert.equal(r.status, 2, r.stderr);
        JSON.parse(r.stdout);
        assert.match(r.stderr, /^boundwise lint: .*locked\.py: could not be read: permission denied\.$/m);
        assert.match(r.stderr, /^boundwise lint: .*gone\.py: could not be read: it does not exist/m);
        assert.match(r.stderr, /^boundwise lint: .*closed: folder could not be read/m);
      }
    });

    it('an unreadable file named on the command line', () => {
      const r = boundwise(['lint', '--no-cache', 'locked.py', 'app.py'], dir, { asUser });
      assert.equal(r.status, 2);
      assert.match(r.stdout, /^app\.py:4:5: BW101/m);
      assert.match(r.stdout, /^locked\.py: could not be read: permission denied\.$/m);
    });
  });

  it('prints file names with terminal escapes neutralised', () => {
    const red = '\x1b[31mred\x1b[0m.py';
    const title = '\x1b]0;pwned\x07.py';
    const dir = tempProject({ [red]: SLEEPY_PY });
    fs.symlinkSync('missing.py', path.join(dir, title));
    const text = boundwise(['lint', '--no-cache'], dir);
    assert.equal(text.status, 2);
    assert.ok(!text.stdout.includes('\x1b') && !text.stdout.includes('\x07'), JSON.stringify(text.stdout));
    assert.match(text.stdout, /^\\x1b\[31mred\\x1b\[0m\.py:4:5: BW101/m);
    assert.match(text.stdout, /^\\x1b\]0;pwned\\x07\.py: could not be read/m);
    const json = boundwise(['lint', '--no-cache', '--format', 'json'], dir);
    assert.ok(!json.stderr.includes('\x1b') && !json.stderr.includes('\x07'), JSON.stringify(json.stderr));
    assert.match(json.stderr, /\\x1b\]0;pwned\\x07\.py: could not be read/);
    assert.equal(JSON.parse(json.stdout)[0].file, red, 'JSON keeps the name itself (escaped by JSON)');
  });
});
