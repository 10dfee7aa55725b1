// A loopback HTTP server with a fixed delay per request, so the download examples need no
// internet. Examples take its URL as their first argument; without one they start it in a child
// process (`node loopback.mjs` prints its URL and serves until stdin closes). Not in their own
// process: a profile of the example would show the server's code among the example's.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const PAGE = `<html><body>${'x'.repeat(2000)}</body></html>`;

export function serve(delayMs = 100) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      setTimeout(() => res.end(PAGE), delayMs);
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${server.address().port}/`);
    });
  });
}

/** Starts the server in a child process; it ends when this process does (its stdin closes). */
function serveInChild() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.unref?.();
  child.unref();
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line) => {
      child.stdout.unref?.();
      resolve(String(line).trim());
    });
    child.once('error', reject);
  });
}

/** [URL|-] [PAGES] from the command line. */
export async function args(argv, pages = 160) {
  const url = argv[2] && argv[2] !== '-' ? argv[2] : await serveInChild();
  return { base: url, pages: argv[3] ? Number(argv[3]) : pages };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await serve());
  process.stdin.resume(); // serve until the parent's end closes stdin
  process.stdin.on('end', () => process.exit(0));
}

/** One keep-alive agent for the example's requests; `finish()` closes its idle sockets. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function finish() {
  agent.destroy();
}

/** GET `url` through `via` (the example's agent unless given); resolves with the body's length. */
export function get(url, via = agent) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: via }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}
