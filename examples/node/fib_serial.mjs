// Compute fib(N) TIMES times on the main thread.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

const n = Number(process.argv[2] ?? 32);
const times = Number(process.argv[3] ?? 20);
const start = performance.now();
const results = [];
for (let i = 0; i < times; i++) results.push(fib(n));
console.log(`serial: fib(${n}) x ${times} = ${results[0]} in ${((performance.now() - start) / 1000).toFixed(2)} s`);
