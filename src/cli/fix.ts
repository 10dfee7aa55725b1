// `boundwise lint --fix`: writes the same rewrites the editor's quick fixes make (only the safe
// ones unless `--unsafe-fixes`, see server/analysis/quickFixes.ts) into the files.
import * as fs from 'node:fs';
import { languageOfFile } from '../../server/analysis/engine';
import { automaticFix } from '../../server/analysis/quickFixes';
import { applyEdits } from '../../server/analysis/textEdits';
import type { Finding, Range, TextEdit } from '../../server/analysis/types';

const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
const overlaps = (a: Range, b: Range) => before(a.start, b.end) && before(b.start, a.end);
const same = (a: TextEdit, b: TextEdit) => JSON.stringify(a) === JSON.stringify(b);

/** Applies the fixes of `findings` that do not collide with each other (an `import asyncio` two
 * fixes both add counts once) and returns how many findings it fixed; the caller lints again and
 * calls this again for the ones left out. */
export function applyFixes(findings: Finding[], unsafe: boolean): number {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  let fixed = 0;
  for (const [file, fileFindings] of byFile) {
    const language = languageOfFile(file);
    if (!language) continue;
    const text = fs.readFileSync(file, 'utf8');
    const chosen: TextEdit[] = [];
    let count = 0;
    for (const finding of fileFindings) {
      const fix = automaticFix(language, file, text, finding, unsafe);
      if (!fix) continue;
      const fresh = fix.edits.filter((e) => !chosen.some((c) => same(c, e)));
      if (fresh.some((e) => chosen.some((c) => overlaps(c.range, e.range) || (sameStart(c.range, e.range) && c.newText !== e.newText)))) continue;
      chosen.push(...fresh);
      count++;
    }
    if (count === 0) continue;
    fs.writeFileSync(file, applyEdits(text, chosen));
    fixed += count;
  }
  return fixed;
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
