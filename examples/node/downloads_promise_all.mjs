// Download N pages with every request in flight together (Promise.all).
import { args, finish, get } from './loopback.mjs';

const { base, pages } = await args(process.argv);
const start = performance.now();
const sizes = await Promise.all(Array.from({ length: pages }, (_, i) => get(`${base}page/${i}`)));
console.log(`Promise.all: ${pages} pages, ${sizes.reduce((a, b) => a + b, 0)} bytes in ${((performance.now() - start) / 1000).toFixed(2)} s`);
finish();
