// An event loop held by synchronous calls: while readFileSync/pbkdf2Sync run, no timer or request is served.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const file = path.join(os.tmpdir(), `boundwise-blocking-${process.pid}.bin`);
fs.writeFileSync(file, Buffer.alloc(4 * 1024 * 1024));
const rounds = Number(process.argv[2] ?? 10);
const start = performance.now();
for (let i = 0; i < rounds; i++) {
  fs.readFileSync(file);
  crypto.pbkdf2Sync('secret', 'salt', 50000, 64, 'sha512');
  await new Promise((r) => setTimeout(r, 30));
}
fs.rmSync(file);
console.log(`blocking: ${rounds} rounds in ${((performance.now() - start) / 1000).toFixed(2)} s`);
