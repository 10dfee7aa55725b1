// http_serial.mjs with Promise.all over a keep-alive agent without a socket limit.
import http from 'node:http';
import { get } from '../../../examples/node/loopback.mjs';

const [url, count = '40'] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true });
const sizes = await Promise.all(Array.from({ length: Number(count) }, (_, i) => get(`${url}?page=${i}`, agent)));
agent.destroy();
console.log(`http all: ${count} pages, ${sizes.reduce((a, b) => a + b, 0)} bytes`);
