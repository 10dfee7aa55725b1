// Fetch COUNT pages one after another through a keep-alive agent (one connection, COUNT requests).
import http from 'node:http';
import { get } from '../../../examples/node/loopback.mjs';

const [url, count = '40'] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let total = 0;
for (let i = 0; i < Number(count); i++) total += await get(`${url}?page=${i}`, agent);
agent.destroy();
console.log(`http serial: ${count} pages, ${total} bytes`);
