// A loopback HTTP server that answers every request after a fixed delay, like a remote service
// with that round trip: what the suite's network clients (and npm run experiments) talk to.
import http from 'node:http';

export function startDelayServer(delayMs, pageBytes = 2000) {
  const page = `<html><body>${'x'.repeat(pageBytes)}</body></html>`;
  const server = http.createServer((_req, res) => setTimeout(() => {
    res.setHeader('Content-Length', Buffer.byteLength(page));
    res.end(page);
  }, delayMs));
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 512 }, () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  })));
}
