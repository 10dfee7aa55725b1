// A loopback HTTP server with a fixed delay per request, so the download examples need no
// internet. Examples take its URL as their first argument; without one they start it themselves.
import http from 'node:http';

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

/** [URL|-] [PAGES] from the command line. */
export async function args(argv, pages = 160) {
  const url = argv[2] && argv[2] !== '-' ? argv[2] : await serve();
  return { base: url, pages: argv[3] ? Number(argv[3]) : pages };
}

/** One keep-alive agent for the example's requests; `finish()` closes its idle sockets. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function finish() {
  agent.destroy();
}

export function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}
