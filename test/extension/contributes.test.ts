// What package.json shows users: menus show a command's title alone (the palette adds its
// category), so every command in a menu must say "Boundwise" in its own title. And package.json
// declares exactly the commands and settings of the one table the code uses (src/extension/contributes.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, settingName } from '../../src/extension/contributes';
import { DEFAULT_SETTINGS } from '../../server/protocol';

interface Command {
  command: string;
  title: string;
  category?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const commands: Command[] = manifest.contributes.commands;

describe('package.json contributions', () => {
  it('every command in a menu names Boundwise in the title the menu shows', () => {
    const menus = manifest.contributes.menus as Record<string, Array<{ command: string }>>;
    const shown = Object.entries(menus).filter(([menu]) => menu !== 'commandPalette');
    assert.ok(shown.length > 0);
    for (const [menu, items] of shown) {
      for (const item of items) {
        const command = commands.find((c) => c.command === item.command);
        assert.ok(command, `${item.command} in ${menu} is not a contributed command`);
        assert.match(command.title, /^Boundwise: /, `${menu} shows "${command.title}"`);
      }
    }
  });

  it('the palette shows each command once as "Boundwise: ..."', () => {
    for (const c of commands) {
      const label = c.category ? `${c.category}: ${c.title}` : c.title;
      assert.match(label, /^Boundwise: (?!Boundwise)/, label);
    }
  });

  it('declares exactly the commands of the table, and none of the internal ones', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    const menus = manifest.contributes.menus as Record<string, Array<{ command: string }>>;
    const inMenus = Object.values(menus).flatMap((items) => items.map((i) => i.command));
    for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(!(Object.values(COMMANDS) as string[]).includes(id), `${id} is internal, never declared`);
    for (const id of inMenus) assert.ok((Object.values(COMMANDS) as string[]).includes(id), `${id} in a menu is not in the table`);
  });

  it('declares exactly the settings of the table', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(declared, Object.values(SETTINGS).map(settingName).sort());
  });

  it('an untrusted workspace cannot set the program a run uses, the folder it runs in or its arguments', () => {
    // VS Code ignores a workspace's value of a restricted setting until the workspace is trusted.
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    // The load's URL too: a cloned repository's settings must not aim the load generator anywhere.
    for (const key of [SETTINGS.nodePath, SETTINGS.pythonInterpreter, SETTINGS.profileCwd, SETTINGS.profileArgs, SETTINGS.profileLoadUrl]) {
      assert.ok(restricted.includes(settingName(key)), `${settingName(key)} is not in capabilities.untrustedWorkspaces.restrictedConfigurations`);
    }
  });

  it('the language server reads only settings of the table', () => {
    const keys = Object.values(SETTINGS) as string[];
    for (const key of Object.keys(DEFAULT_SETTINGS)) assert.ok(keys.includes(key), `the server reads boundwise.${key}, which is not in the table`);
  });
});
