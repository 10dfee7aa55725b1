// timers_serial.mjs with Promise.all: every timer runs at once.
import { setTimeout as sleep } from 'node:timers/promises';

const [count = '10', ms = '150'] = process.argv.slice(2);
await Promise.all(Array.from({ length: Number(count) }, () => sleep(Number(ms))));
console.log(`timers all: ${count} waits`);
