// Text from a profiled program (its output, its file and function names) shown in a terminal: a
// terminal would act on control characters in it (move the cursor, recolour, set the window title,
// rewrite the clipboard with OSC 52), so each one is shown as a visible escape instead.

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder
// what is shown.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character a terminal would act on written out (`\x1b`, `\r`, ...). */
export function printable(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}
