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
  const controlFd = Number(process.env.BOUNDWISE_NODE_CONTROL_FD);
  delete process.env.BOUNDWISE_NODE_CONTROL_FD;
  process.env.BOUNDWISE_NODE_WORKERS = `${process.pid}:${out}.workers`;
  const dc = require('node:diagnostics_channel');
  const { monitorEventLoopDelay, performance } = require('node:perf_hooks');

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // Requests served, per window, when the program turns out to be a server (server-probe.js).
  const serverProbe = require(require('node:path').join(__dirname, 'server-probe.js'))({ originMs: Number(process.env.BOUNDWISE_SERVER_ORIGIN) || undefined, windowMs: 1000 });
  delete process.env.BOUNDWISE_SERVER_ORIGIN;
  const stopper = controlFd > 0 ? startStopper(controlFd, delay) : undefined;
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
  process.on('worker', (worker) => {
    if (worker !== stopper?.worker) workers++;
  });
  // A stop (SIGINT, then SIGTERM, from the runner; SIGHUP from a closed terminal) ends the program
  // as the signal's default action would, but through process.exit, so --cpu-prof writes the
  // profile and the exit handler below its figures. A program that handles the signal itself
  // (a server's graceful shutdown) keeps doing so.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }

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
    // CPU of V8's sampling threads (--cpu-prof itself) and of the stopper, so it is not taken for
    // the program's. A thread's name is in its stat line, "tid (comm) ...": one read per thread.
    let profilerCpuMs = 0;
    const stopperTid = stopper ? Atomics.load(stopper.tid, 0) : 0;
    try {
      for (const tid of fs.readdirSync('/proc/self/task')) {
        const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        if (!st.includes('(v8:ProfEvntProc)') && Number(tid) !== stopperTid) continue; // a name is 15 characters at most
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
      server: serverProbe.finish(),
    };
    try {
      fs.writeFileSync(out, JSON.stringify(data));
    } catch {
      /* the run report falls back to what the profile shows */
    }
  });

  /**
   * A loop that never yields never runs a signal handler, and a program killed by SIGKILL writes no
   * profile. The stopper is a worker thread that waits on the runner's control pipe, which names
   * each stop signal as it is sent. If the main thread's event loop then stands still (its delay
   * timer, every 10 ms, has not fired for 100 ms, checked 200 ms after the signal), the stopper ends the running JavaScript through
   * the inspector (Runtime.terminateExecution); the loop turns, the pending signal's handler runs
   * and the program exits with its profile written. The session is closed before that exit (an open
   * one makes Node print "Waiting for the debugger to disconnect..."). Started unref'd: it never
   * keeps the program alive; its thread id goes in `tid` so its CPU is counted as the profiler's.
   */
  function startStopper(fd, loopDelay) {
    const { Worker } = require('node:worker_threads');
    const tid = new Int32Array(new SharedArrayBuffer(4));
    globalThis[Symbol.for('boundwise.loopTurns')] = () => loopDelay.count;
    const source = `
      const { workerData } = require('node:worker_threads');
      const fs = require('node:fs');
      try { Atomics.store(workerData.tid, 0, Number(fs.readlinkSync('/proc/thread-self').split('/').pop())); } catch {}
      const { Session } = require('node:inspector');
      const control = new (require('node:net').Socket)({ fd: workerData.fd, readable: true, writable: false });
      control.on('error', () => {});
      const within = (ms, promise) => Promise.race([promise, new Promise((r) => setTimeout(r, ms))]);
      const post = (session, method, params) => new Promise((resolve) => session.post(method, params, (err, res) => resolve(err ? undefined : res)));
      const turns = async (session) => (await within(250, post(session, 'Runtime.evaluate', {
        expression: 'globalThis[Symbol.for("boundwise.loopTurns")]()', returnByValue: true,
      })))?.result?.value;
      let stopping = false;
      control.on('data', async () => {
        if (stopping) return;
        stopping = true;
        // A loop that turns handles the signal within a few ms and the process is gone before
        // this wakes: no session is opened then (one open at exit makes Node print "Waiting for
        // the debugger to disconnect...", which a stopped server would otherwise always show).
        await new Promise((r) => setTimeout(r, 200));
        const session = new Session();
        try {
          session.connectToMainThread();
          const before = await turns(session);
          await new Promise((r) => setTimeout(r, 100));
          const after = await turns(session);
          if (before !== undefined && before === after) await within(250, post(session, 'Runtime.terminateExecution'));
        } catch {}
        try { session.disconnect(); } catch {}
        stopping = false;
      });
    `;
    try {
      const worker = new Worker(source, { eval: true, execArgv: [], env: {}, stdout: false, stderr: false, workerData: { fd, tid } });
      worker.unref();
      worker.on('error', () => undefined);
      return { tid, worker };
    } catch {
      return undefined; // stops then rely on the signal handlers alone
    }
  }
})();
