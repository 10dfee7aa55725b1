/**
 * Epoch milliseconds as the system clock reads them now. Every process of a run stamps its instants
 * on the system clock (this in the runner and the load generator, time.time() in Python's sampler,
 * a clock anchored to Date.now() in the Node preload and server probe), so instants taken in
 * different processes compare. `performance.timeOrigin + performance.now()` would not: each process
 * fixes its time origin when it starts, so a clock set between two starts (a fresh machine's first
 * time sync) leaves the processes' instants a whole step apart.
 */
export const epochNow = (): number => Date.now();
