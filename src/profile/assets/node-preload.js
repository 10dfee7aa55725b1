'use strict';
// Boundwise preload for `node --cpu-prof`: records event-loop delay, in-flight HTTP requests and
// the process's resource usage at exit into the file named by BOUNDWISE_NODE_OUT. Child processes
// and worker threads (which inherit the preload) record nothing.
// Whatever runs here is on the script's wall time: only modules Node has already loaded are required
// (node:worker_threads alone cost 1.5 ms; which thread this is, the environment tells).
(function boundwisePreload() {
  const fs = require('node:fs');
  // Set for the started process only, and removed at once: its worker threads and child processes,
  // which get a copy of the environment, do not see it.
  const out = process.env.BOUNDWISE_NODE_OUT;
  if (!out) {
    // A worker thread of the profiled process (same pid; a child process has another): note how
    // long it waited for a core (busy machine).
    const workerLog = process.env.BOUNDWISE_NODE_WORKERS;
    if (workerLog && workerLog.startsWith(`${process.pid}:`)) {
      process.on('exit', () => {
        try {
          const runq = Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6 || 0;
          fs.appendFileSync(workerLog.slice(workerLog.indexOf(':') + 1), `${runq}\n`);
        } catch {
          /* not Linux */
        }
      });
    }
    return;
  }
  delete process.env.BOUNDWISE_NODE_OUT;
  process.env.BOUNDWISE_NODE_WORKERS = `${process.pid}:${out}.workers`;
  const dc = require('node:diagnostics_channel');
  const { monitorEventLoopDelay, performance } = require('node:perf_hooks');

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now(); // ms since the process started: Node's own start-up
  const startCpu = process.cpuUsage();
  let requests = 0;
  let inflight = 0;
  let maxInflight = 0;
  let ioMs = 0;
  let ioThreadMs = 0;
  let workers = 0;
  // Time with requests in flight, and in-flight x time, accounted at each start and finish
  // (exact, and nothing runs while the program is idle).
  let last = performance.now();
  const account = () => {
    const now = performance.now();
    if (inflight > 0) {
      ioMs += now - last;
      ioThreadMs += inflight * (now - last);
    }
    last = now;
  };
  const begin = () => {
    account();
    requests++;
    inflight++;
    if (inflight > maxInflight) maxInflight = inflight;
  };
  const end = () => {
    account();
    if (inflight > 0) inflight--;
  };
  const subscribe = (name, fn) => {
    try {
      dc.subscribe(name, fn);
    } catch {
      /* channel not in this Node version */
    }
  };
  subscribe('http.client.request.start', begin);
  subscribe('http.client.response.finish', end);
  subscribe('http.client.request.error', end);
  subscribe('undici:request:create', begin);
  subscribe('undici:request:trailers', end);
  subscribe('undici:request:error', end);
  // Worker threads the script starts (each one's profile is written by --cpu-prof).
  process.on('worker', () => {
    workers++;
  });
  process.once('SIGTERM', () => process.exit(143));

  process.on('exit', (code) => {
    delay.disable();
    const ru = process.resourceUsage();
    let childCpuMs = 0;
    try {
      const stat = fs.readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      childCpuMs = (Number(f[13]) + Number(f[14])) * 10; // cutime + cstime, 100 ticks/s
    } catch {
      /* not Linux */
    }
    // Time the main thread was runnable but waiting for a CPU (a busy machine). Helper threads
    // (V8's profiler and compiler, libuv's pool) are left out: they are not the program's path.
    let runQueueMs = 0;
    try {
      runQueueMs = Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6 || 0;
    } catch {
      /* not Linux */
    }
    // CPU of V8's sampling threads (--cpu-prof itself), so it is not taken for the program's. The
    // thread's name is in its stat line, "tid (comm) ...": one read per thread.
    let profilerCpuMs = 0;
    try {
      for (const tid of fs.readdirSync('/proc/self/task')) {
        const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        if (!st.includes('(v8:ProfEvntProc)')) continue; // a name is 15 characters at most
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        profilerCpuMs += (Number(f[11]) + Number(f[12])) * 10;
      }
    } catch {
      /* not Linux */
    }
    const ns = (v) => (Number.isFinite(v) ? v / 1e6 : 0);
    const data = {
      wallMs: performance.now() - t0,
      cpuUserMs: ru.userCPUTime / 1000,
      cpuSysMs: ru.systemCPUTime / 1000,
      childCpuMs,
      runQueueMs,
      profilerCpuMs,
      startupWallMs: t0,
      startupCpuMs: (startCpu.user + startCpu.system) / 1000,
      exitCode: code,
      loopDelay: { maxMs: ns(delay.max), p50Ms: ns(delay.percentile(50)), p99Ms: ns(delay.percentile(99)), meanMs: ns(delay.mean) },
      requests,
      maxInflight,
      io: { ms: ioMs, threadMs: ioThreadMs },
      workers,
    };
    try {
      fs.writeFileSync(out, JSON.stringify(data));
    } catch {
      /* the run report falls back to what the profile shows */
    }
  });
})();
