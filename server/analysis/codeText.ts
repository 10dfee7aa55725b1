// Reading names out of a snippet of source (an argument as written, a callee): what the facts
// keep as text. Identifiers outside string literals (f-string and template literal substitutions
// included), never attribute names after a dot. Python and JS/TS alike.

/** The snippet with the contents of string literals blanked out, except what f-string (`f"{x}"`)
 * and template literal (`${x}`) substitutions hold. */
export function codeOutsideStrings(text: string): string {
  let code = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    const quote = ch === '"' || ch === "'" || ch === '`' ? ch : undefined;
    if (!quote) {
      code += ch;
      i++;
      continue;
    }
    // A string prefix (`f`, `rb`, `rf`) is not a name; f"...{x}..." and `...${x}...` keep what
    // their braces hold.
    const prefix = quote === '`' ? undefined : /(?:^|[^\w$.])([rRbBuUfF]{1,2})$/.exec(code)?.[1];
    const interpolates = quote === '`' || /[fF]/.test(prefix ?? '');
    if (prefix) code = code.slice(0, code.length - prefix.length);
    const triple = quote !== '`' && text.startsWith(quote.repeat(3), i);
    const close = triple ? quote.repeat(3) : quote;
    let j = i + close.length;
    let depth = 0;
    code += ' ';
    while (j < text.length && !(depth === 0 && text.startsWith(close, j))) {
      const c = text[j];
      if (c === '\\') j++;
      else if (interpolates && c === '{') {
        depth++;
        code += ' ';
      } else if (interpolates && c === '}' && depth > 0) {
        depth--;
        code += ' ';
      } else if (depth > 0) code += c;
      j++;
    }
    code += ' ';
    i = j + close.length;
  }
  return code;
}

/** Identifiers a snippet reads (`client`, `url` in `client.get(f"{url}/x")`). */
export function namesInText(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of codeOutsideStrings(text).matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) names.add(m[0]);
  return names;
}
