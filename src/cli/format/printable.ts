// Text from the workspace (file names, code quoted in messages) made safe to print to a terminal:
// a file named `\x1b]0;...\x07` or `\x1b[2J.py` must not retitle or clear the user's terminal.

/** C0 controls (ESC starts every escape sequence), DEL, C1 controls (0x9b is a one-byte CSI) and
 * the bidirectional overrides that can make a printed name read as another. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character that could act on a terminal shown as an escape (`\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
