// Rules write their messages with Markdown code spans (`time.sleep`), which the hover renders.
// Every other surface (the Problems panel, quick-fix titles, terminals, SARIF `message.text`)
// shows text as it is, where a backtick is noise: they get the plain text from here.

/** A Markdown code span holding `code` exactly, even when the code holds backticks itself (a JS
 * template literal): the fence is one backtick longer than the longest run inside. */
export function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** `markdown` with each code span replaced by the code it holds (CommonMark's rule: a run of N
 * backticks up to the next run of exactly N; a run without a partner is literal text). */
export function plainText(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const open = /`+/g;
    open.lastIndex = i;
    const start = open.exec(markdown);
    if (!start) break;
    out += markdown.slice(i, start.index);
    const after = start.index + start[0].length;
    const close = new RegExp(`(?<!\`)${start[0]}(?!\`)`, 'g');
    close.lastIndex = after;
    const end = close.exec(markdown);
    if (!end) {
      out += start[0];
      i = after;
      continue;
    }
    let code = markdown.slice(after, end.index);
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
    out += code;
    i = end.index + end[0].length;
  }
  return out + markdown.slice(i);
}
