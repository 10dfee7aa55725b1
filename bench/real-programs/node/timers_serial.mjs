// COUNT timers of MS milliseconds awaited one after another (a polling or retry loop).
import { setTimeout as sleep } from 'node:timers/promises';

const [count = '10', ms = '150'] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) await sleep(Number(ms));
console.log(`timers serial: ${count} waits`);
