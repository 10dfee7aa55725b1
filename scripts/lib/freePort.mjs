// A loopback port nothing listens on right now (the kernel's pick, released at once), shared by the
// end-to-end runner and the benches that start servers.
import * as net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
