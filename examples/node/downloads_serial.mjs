// Download N pages, awaiting each request before starting the next.
import { args, finish, get } from './loopback.mjs';

const { base, pages } = await args(process.argv);
const start = performance.now();
let total = 0;
for (let i = 0; i < pages; i++) total += await get(`${base}page/${i}`);
console.log(`serial: ${pages} pages, ${total} bytes in ${((performance.now() - start) / 1000).toFixed(2)} s`);
finish();
