// Shared by the server-mode suites: the fixture servers, a free loopback port, the Python that has
// aiohttp (Debian's python3-aiohttp, installed by scripts/system-deps.sh).
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from './helpers';

export const EXPRESS_APP = path.join(ROOT, 'test', 'fixtures', 'servers', 'express_app.js');
export const AIOHTTP_APP = path.join(ROOT, 'test', 'fixtures', 'servers', 'aiohttp_app.py');

/** A port nothing listens on right now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** GET `url` and the status code of the answer. */
export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

let aiohttpPython: string | undefined;

/** The first Python on this machine that imports aiohttp; the suite fails with a clear message without one. */
export function pythonWithAiohttp(): string {
  if (aiohttpPython) return aiohttpPython;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import aiohttp'], { stdio: 'ignore' });
      return (aiohttpPython = candidate);
    } catch {
      /* next */
    }
  }
  throw new Error('no Python with aiohttp: install Debian\'s python3-aiohttp (bash scripts/system-deps.sh)');
}
