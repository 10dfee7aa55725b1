// What package.json shows users: menus show a command's title alone (the palette adds its
// category), so every command in a menu must say "Boundwise" in its own title.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
});
