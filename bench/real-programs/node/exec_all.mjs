// execsync_sleep.mjs with exec and Promise.all: every child process runs at once.
import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);
const [count = '5', seconds = '1'] = process.argv.slice(2);
await Promise.all(Array.from({ length: Number(count) }, () => run(`sleep ${seconds}`)));
console.log(`exec all: ${count} waits`);
