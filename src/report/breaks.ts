// Where long identifiers may wrap. Paths and qualified names in a narrow column (the report beside
// the code) must wrap between their parts, never inside a name: "routes/" | "login.js" | ":18",
// "requests." | "Session." | "get".
import { escapeHtml, SafeHtml } from './escape';

const BREAKS = {
  /** After a path separator, and before a trailing `:line`. */
  path: /(?<=[/\\])(?=[^/\\])|(?=:\d+$)/,
  /** After each dot of a qualified name (module.Class.method). */
  name: /(?<=\.)(?=[^.])/,
};

/** `text`, escaped, with a <wbr> at each point where it may wrap. */
export function softBreaks(text: string, kind: keyof typeof BREAKS): SafeHtml {
  return new SafeHtml(String(text ?? '').split(BREAKS[kind]).map(escapeHtml).join('<wbr>'));
}
