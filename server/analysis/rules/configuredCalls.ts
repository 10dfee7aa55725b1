// Which calls `extraBlockingCalls` names. A pattern is a dotted name, matched whole or as the end
// of a longer name at a dot (`Class.method` names `pkg.store.Class.method`, `store.save` names
// `app.store.save`); a pattern without a dot names only exactly that name. `*` stands for any
// characters inside one part of the name (`mylib.*_sync`), `**` for any characters across parts.
// Names are a call's canonical library target (`mylib.fetch_sync`) or, for a function of the
// workspace, its module path and qualified name (`pkg.module.Class.method`).

interface Pattern {
  regex: RegExp;
  code: string;
}

const compiled = new WeakMap<Map<string, string>, Pattern[]>();

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function patternsOf(extra: Map<string, string>): Pattern[] {
  let patterns = compiled.get(extra);
  if (!patterns) {
    patterns = [...extra].map(([pattern, code]) => {
      const body = pattern
        .split('**')
        .map((part) => part.split('*').map(escape).join('[^.]*'))
        .join('.*');
      // A dotted pattern may name the end of a longer name; a single name only itself.
      return { regex: new RegExp(pattern.includes('.') ? `(^|\\.)${body}$` : `^${body}$`), code };
    });
    compiled.set(extra, patterns);
  }
  return patterns;
}

/** The code configured for the first of `names` a pattern of `extra` matches. */
export function configuredCode(extra: Map<string, string> | undefined, names: Array<string | undefined>): string | undefined {
  if (!extra?.size) return undefined;
  for (const name of names) {
    if (!name) continue;
    const exact = extra.get(name);
    if (exact) return exact;
    const match = patternsOf(extra).find((p) => p.regex.test(name));
    if (match) return match.code;
  }
  return undefined;
}
