// The questions of "Profile Server Under Load..." and "Attach to Node Process...", run in plain Node.
// The quick input is the one part that cannot run here: a scripted PromptUi stands in for it,
// answering like a user (Enter on the prefilled value, typing, Escape) and checking each answer
// with the validator the real input box would run.
import * as assert from 'node:assert/strict';
import type { ListedProcess } from '../../src/profile/attach/processList';
import {
  askAttach, askLoad, attachInputsFrom, connectionsProblem, durationProblem, loadInputsFrom, loadUrlProblem, processItems, suggestedLoadUrl,
  type PickItem, type PromptUi,
} from '../../src/extension/profile/prompts';

/** Answers each question in turn: a string is typed (undefined = Escape; '' = Enter on the prefilled value); a pick by label. */
function scripted(answers: Array<string | undefined>): PromptUi & { asked: string[]; shown: string[]; rejected: string[] } {
  const asked: string[] = [];
  const shown: string[] = [];
  const rejected: string[] = [];
  return {
    asked,
    shown,
    rejected,
    async input(o) {
      asked.push(o.prompt);
      shown.push(o.value);
      const answer = answers.shift();
      if (answer === undefined) return undefined;
      const text = answer === '' ? o.value : answer;
      const problem = o.validate(text);
      // The input box does not accept a value its validator rejects.
      if (problem) {
        rejected.push(problem);
        return undefined;
      }
      return text;
    },
    async pick<T>(items: Array<PickItem<T>>, o: { placeHolder: string }) {
      asked.push(o.placeHolder);
      shown.push(items.map((i) => i.label).join(' | '));
      const answer = answers.shift();
      return answer === undefined ? undefined : items.find((i) => i.label === answer)?.value;
    },
  };
}

const node: ListedProcess = { pid: 4242, language: 'node', argv: ['node', '/srv/app/server.js', '8080'], cwd: '/srv/app' };
const python: ListedProcess = { pid: 4343, language: 'python', argv: ['python3', 'worker.py'], cwd: '/srv/py' };

describe('server prompts (load and attach)', () => {
  it('offers the setting, else the port the script listened on last time, else a sample URL', () => {
    assert.equal(suggestedLoadUrl('http://localhost:3000/api', [9000]), 'http://localhost:3000/api');
    assert.equal(suggestedLoadUrl(undefined, [9000, 9001]), 'http://127.0.0.1:9000/');
    assert.equal(suggestedLoadUrl(undefined, undefined), 'http://127.0.0.1:8080/');
  });

  it('asks for the URL, the seconds and the connections, prefilled with the defaults', async () => {
    const ui = scripted(['', '3', '']);
    const inputs = await askLoad(ui, { url: 'http://127.0.0.1:9000/', durationSeconds: 10, connections: 16 });
    assert.deepEqual(inputs, { url: 'http://127.0.0.1:9000/', durationSeconds: 3, connections: 16 });
    assert.deepEqual(ui.shown, ['http://127.0.0.1:9000/', '10', '16']);
    assert.equal(ui.asked.length, 3);
  });

  it('Escape at any question runs nothing', async () => {
    assert.equal(await askLoad(scripted([undefined]), { url: 'http://127.0.0.1:1/', durationSeconds: 10, connections: 16 }), undefined);
    assert.equal(await askLoad(scripted(['', '', undefined]), { url: 'http://127.0.0.1:1/', durationSeconds: 10, connections: 16 }), undefined);
  });

  it('the URL must be http:// on this machine: another address is refused before anything runs', async () => {
    const ui = scripted(['http://192.0.2.10:8080/']);
    assert.equal(await askLoad(ui, { url: '', durationSeconds: 10, connections: 16 }), undefined);
    assert.match(ui.rejected[0], /only goes to this machine .*not 192\.0\.2\.10/);
    assert.match(loadUrlProblem('https://127.0.0.1/') ?? '', /http:\/\//);
    assert.match(loadUrlProblem('127.0.0.1:8080') ?? '', /Enter a URL/);
    assert.match(loadUrlProblem('http://u:p@127.0.0.1/') ?? '', /user name or password/);
    assert.match(loadUrlProblem('http://[2001:db8::1]:80/') ?? '', /not 2001:db8::1/);
    for (const ok of ['http://127.0.0.1:8080/x?q=1', 'http://127.9.9.9/', 'http://[::1]:3000/', 'http://localhost:3000/']) assert.equal(loadUrlProblem(ok), undefined, ok);
  });

  it('with boundwise.profile.load.allowOtherHosts on, another host you own is accepted (still http:// only)', async () => {
    const ui = scripted(['http://192.0.2.10:8080/', '', '']);
    assert.deepEqual(await askLoad(ui, { url: '', durationSeconds: 10, connections: 16 }, true), { url: 'http://192.0.2.10:8080/', durationSeconds: 10, connections: 16 });
    assert.match(ui.asked[0], /another host you own/);
    assert.match(loadUrlProblem('https://192.0.2.10/', true) ?? '', /http:\/\//);
    assert.deepEqual(loadInputsFrom({ url: 'http://192.0.2.10:8080/' }, { durationSeconds: 2, connections: 4 }, true), { url: 'http://192.0.2.10:8080/', durationSeconds: 2, connections: 4 });
    assert.match(String(loadInputsFrom({ url: 'http://192.0.2.10:8080/' }, { durationSeconds: 2, connections: 4 })), /only goes to this machine/);
  });

  it('the numbers are checked against the same limits as the CLI', () => {
    assert.equal(durationProblem('0.1'), undefined);
    assert.equal(durationProblem('3600'), undefined);
    for (const bad of ['0', '0.05', '3601', 'ten', '', ' ']) assert.match(durationProblem(bad) ?? '', /between 0\.1 and 3600/, bad);
    assert.equal(connectionsProblem('1'), undefined);
    assert.equal(connectionsProblem('1000'), undefined);
    for (const bad of ['0', '1.5', '1001', 'x', '']) assert.match(connectionsProblem(bad) ?? '', /whole number between 1 and 1000/, bad);
  });

  it("takes the command's argument instead of prompting, with the settings' numbers for what it leaves out", () => {
    assert.deepEqual(loadInputsFrom({ url: ' http://127.0.0.1:5/a ' }, { durationSeconds: 7, connections: 3 }), { url: 'http://127.0.0.1:5/a', durationSeconds: 7, connections: 3 });
    assert.deepEqual(loadInputsFrom({ url: 'http://127.0.0.1:5/', durationSeconds: 2, connections: 8 }, { durationSeconds: 7, connections: 3 }), { url: 'http://127.0.0.1:5/', durationSeconds: 2, connections: 8 });
    assert.match(loadInputsFrom({}, { durationSeconds: 7, connections: 3 }) as string, /needs a url/);
    assert.match(loadInputsFrom({ url: 'http://10.0.0.1/' }, { durationSeconds: 7, connections: 3 }) as string, /only goes to this machine/);
    assert.match(loadInputsFrom({ url: 'http://127.0.0.1/', connections: 0 }, { durationSeconds: 7, connections: 3 }) as string, /whole number/);
    assert.match(loadInputsFrom({ url: 'http://127.0.0.1/', durationSeconds: '5' }, { durationSeconds: 7, connections: 3 }) as string, /seconds between/);
  });

  it('lists processes by command line, with their id, language and folder', () => {
    const [item] = processItems([{ ...node, argv: ['node', '/my app/server.js'] }]);
    assert.equal(item.label, 'node "/my app/server.js"');
    assert.equal(item.description, 'pid 4242 \u00b7 Node');
    assert.equal(item.detail, '/srv/app');
    assert.equal(item.value.pid, 4242);
  });

  it('attach: pick a process, then a duration or "Until Stop"', async () => {
    const ui = scripted(['node /srv/app/server.js 8080', '10 seconds']);
    assert.deepEqual(await askAttach(ui, [python, node]), { process: node, durationSeconds: 10 });
    assert.match(ui.shown[0], /python3 worker\.py \| node \/srv\/app\/server\.js 8080/);
    assert.match(ui.asked[1], /server\.js \(pid 4242\)/);
    assert.deepEqual(await askAttach(scripted(['node /srv/app/server.js 8080', 'Until Stop']), [node]), { process: node });
    assert.deepEqual(await askAttach(scripted(['node /srv/app/server.js 8080', 'Other duration\u2026', '2.5']), [node]), { process: node, durationSeconds: 2.5 });
    assert.equal(await askAttach(scripted(['node /srv/app/server.js 8080', undefined]), [node]), undefined);
    assert.equal(await askAttach(scripted([undefined]), [node]), undefined);
  });

  it('attach: a Python process is returned without asking for a duration (the command then says which versions can be attached to)', async () => {
    const ui = scripted(['python3 worker.py']);
    assert.deepEqual(await askAttach(ui, [python, node]), { process: python });
    assert.equal(ui.asked.length, 1);
  });

  it("attach: the command's argument is {pid, durationSeconds?}", () => {
    assert.deepEqual(attachInputsFrom({ pid: 12 }), { pid: 12 });
    assert.deepEqual(attachInputsFrom({ pid: 12, durationSeconds: 3 }), { pid: 12, durationSeconds: 3 });
    assert.match(attachInputsFrom({ pid: '12' }) as string, /process id/);
    assert.match(attachInputsFrom({ pid: -1 }) as string, /process id/);
    assert.match(attachInputsFrom({ pid: 12, durationSeconds: 0 }) as string, /between 0\.1 and 3600/);
  });
});
