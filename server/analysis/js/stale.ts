// typescript-estree does not recover from syntax errors, so while a JS/TS file does not parse the
// server keeps showing the findings of the last text that did. Those findings must still point
// at the right lines: lines before the edited region keep theirs, lines after it move by the
// number of lines inserted or deleted, and findings inside the edited region are dropped (the
// code they described is being rewritten). The edited region is found by comparing the last
// good text with the current one line by line, so it covers every change since the last parse
// however many edits that took.
import type { Finding, Range } from '../types';

export interface EditedRegion {
  /** First changed line (0-based) in both texts. */
  start: number;
  /** One past the last changed line in the old text. */
  oldEnd: number;
  /** One past the last changed line in the new text. */
  newEnd: number;
}

/** The lines that differ between two texts: common prefix and suffix excluded. Undefined when equal. */
export function editedRegion(oldText: string, newText: string): EditedRegion | undefined {
  if (oldText === newText) return undefined;
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let oldEnd = a.length;
  let newEnd = b.length;
  while (oldEnd > start && newEnd > start && a[oldEnd - 1] === b[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

function shift(range: Range, delta: number): Range {
  return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
}

/** The findings of `oldText` that still hold in `newText`, moved to their new lines. A finding
 * whose range touches an edited line is dropped; related locations in the same file move too. */
export function carryFindings(oldText: string, newText: string, findings: readonly Finding[]): Finding[] {
  const region = editedRegion(oldText, newText);
  if (!region) return [...findings];
  const delta = region.newEnd - region.oldEnd;
  const moveRange = (range: Range): Range | undefined => {
    if (range.end.line < region.start) return range;
    if (range.start.line >= region.oldEnd) return shift(range, delta);
    return undefined;
  };
  const carried: Finding[] = [];
  for (const finding of findings) {
    const range = moveRange(finding.range);
    if (!range) continue;
    const related = finding.related?.map((r) => (r.file === finding.file ? { ...r, range: moveRange(r.range) ?? r.range } : r));
    carried.push({ ...finding, range, ...(related ? { related } : {}) });
  }
  return carried;
}
