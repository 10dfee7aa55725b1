// zlib_sync.mjs with the callback API and Promise.all: libuv's thread pool compresses in parallel.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { buffers } from './zlib_data.mjs';

const gz = promisify(gzip);
const [count = '12', mb = '4'] = process.argv.slice(2);
const out = await Promise.all(buffers(Number(count), Number(mb)).map((b) => gz(b)));
console.log(`gzip all: ${count} buffers, ${out.reduce((a, b) => a + b.length, 0)} bytes`);
