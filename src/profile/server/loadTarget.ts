// Where the built-in load may send requests: this machine only (127.0.0.0/8, ::1, or a name that
// resolves to nothing else), unless the user allows other hosts (the CLI's --load-any-host, VS
// Code's boundwise.profile.load.allowOtherHosts, a user setting a workspace cannot set). A load generator
// aimed at someone else's server by a typo or a borrowed setting would be an attack, not a profile.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ProfileInputError } from '../errors';

export interface LoadTarget {
  url: URL;
  /** The port the server must listen on before the load starts. */
  port: number;
}

export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) {
    const lower = bare.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped !== null && isLoopbackAddress(mapped[1]);
  }
  return false;
}

/** Parses and checks a load URL; throws ProfileInputError with one sentence when it cannot be used. */
export async function checkLoadTarget(text: string, allowAnyHost: boolean): Promise<LoadTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProfileInputError(`The load needs a URL such as http://127.0.0.1:8080/path, got '${text}'.`);
  }
  if (url.protocol !== 'http:') throw new ProfileInputError(`The load sends plain HTTP/1.1 requests: use an http:// URL (got ${url.protocol}//).`);
  if (url.username || url.password) throw new ProfileInputError('A load URL cannot carry a user name or password.');
  const port = url.port ? Number(url.port) : 80;
  if (!allowAnyHost) {
    const host = url.hostname;
    let addresses: string[];
    if (isIP(host.replace(/^\[|\]$/g, ''))) addresses = [host];
    else {
      try {
        addresses = (await lookup(host, { all: true })).map((a) => a.address);
      } catch {
        throw new ProfileInputError(`The load URL's host ${host} does not resolve.`);
      }
    }
    if (addresses.length === 0 || !addresses.every(isLoopbackAddress)) {
      throw new ProfileInputError(`The load only targets this machine (127.0.0.1, ::1, localhost); ${host} is ${addresses.join(', ')}.`, 'any-load-host');
    }
  }
  return { url, port };
}
