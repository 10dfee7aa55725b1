// Document URIs from a client, turned into local paths. A client may send a `file:` URI that Node
// cannot turn into a path (a percent-encoded byte that is not UTF-8, as Neovim sends a Latin-1
// file name; an encoded `/`; a host): such a document is analysed on its own, like an untitled one.
import { fileURLToPath } from 'node:url';

export type UriPath = { path: string } | { problem: string } | { notAFile: true };

/** The local path `uri` names, why it names none although it is a `file:` URI, or that it is
 * another scheme (`untitled:`...). */
export function pathOfUri(uri: string): UriPath {
  if (!uri.startsWith('file:')) return { notAFile: true };
  try {
    return { path: fileURLToPath(uri) };
  } catch (error) {
    return { problem: `its URI does not name a local file (${(error as Error).message})` };
  }
}

/** The local path `uri` names, or undefined. */
export function filePathOf(uri: string): string | undefined {
  const named = pathOfUri(uri);
  return 'path' in named ? named.path : undefined;
}
