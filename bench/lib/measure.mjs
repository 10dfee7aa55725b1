// Helpers the benches share (bench/run.mjs runs only bench/*.mjs, not this folder).
import { readFileSync } from 'node:fs';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const now = () => Number(process.hrtime.bigint()) / 1e6;

// CPU of reaped children (cutime + cstime, 100 ticks/s) plus our own: a busy machine stretches
// wall times of both kinds of run, but not the CPU each one needs.
export const cpuNow = () => {
  const f = readFileSync('/proc/self/stat', 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  const own = process.cpuUsage();
  return (Number(fields[13]) + Number(fields[14])) * 10 + (own.user + own.system) / 1000;
};
