// COUNT child processes `sleep SECONDS` run with execSync, one after another (each blocks the thread).
import { execSync } from 'node:child_process';

const [count = '5', seconds = '1'] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) execSync(`sleep ${seconds}`);
console.log(`execSync: ${count} waits`);
