// Compute fib(N) TIMES times on worker threads, one per CPU.
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

if (isMainThread) {
  const n = Number(process.argv[2] ?? 32);
  const times = Number(process.argv[3] ?? 20);
  const cores = os.availableParallelism();
  const start = performance.now();
  const shares = Array.from({ length: cores }, (_, w) => Math.floor(times / cores) + (w < times % cores ? 1 : 0));
  const results = await Promise.all(shares.map((count) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { n, count } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  console.log(`worker_threads: fib(${n}) x ${times} = ${results.flat()[0]} in ${((performance.now() - start) / 1000).toFixed(2)} s`);
} else {
  const out = [];
  for (let i = 0; i < workerData.count; i++) out.push(fib(workerData.n));
  parentPort.postMessage(out);
}
