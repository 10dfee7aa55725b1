// Gzip COUNT buffers of MB megabytes with gzipSync, one after another on the main thread.
import { gzipSync } from 'node:zlib';
import { buffers } from './zlib_data.mjs';

const [count = '12', mb = '4'] = process.argv.slice(2);
let total = 0;
for (const b of buffers(Number(count), Number(mb))) total += gzipSync(b).length;
console.log(`gzipSync: ${count} buffers, ${total} bytes`);
