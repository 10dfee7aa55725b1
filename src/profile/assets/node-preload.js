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
  // Epoch ms on the system clock as it reads now, the runner's clock (src/profile/clock.ts), with
  // the monotonic clock's steps: the process's start is clockAnchor.
  const clockAnchor = Date.now() - performance.now();
  const epoch = () => clockAnchor + performance.now();

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // Requests served, per window, when the program turns out to be a server (server-probe.js).
  const serverProbe = require(require('node:path').join(__dirname, 'server-probe.js'))({ originMs: Number(process.env.BOUNDWISE_SERVER_ORIGIN) || undefined, windowMs: 1000 });
  delete process.env.BOUNDWISE_SERVER_ORIGIN;
  const stopper = controlFd > 0 ? startStopper(controlFd, delay) : undefined;
  const t0 = performance.now(); // ms since the process started: Node's own start-up
  const startCpu = process.cpuUsage();
  // How busy the machine is (runnable threads, 1-minute average): the cores others leave free.
  const loadAverage = () => {
    try {
      return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    } catch {
      return undefined;
    }
  };
  const loadAtStart = loadAverage();
  let inflight = 0;
  let maxInflight = 0;
  let ioMs = 0;
  let ioThreadMs = 0;
  let workers = 0;
  // Independent waits started, by kind, and where in the user's code (the first SITE_LIMIT of each kind).
  const waits = {};
  const sites = new Map();
  const syncSites = new Map(); // file \0 line \0 enclosing line \0 api -> calls seen (noteSyncCalls)
  const siteLooks = {};
  // Time with waits in flight, and in-flight x time, accounted at each start and finish (exact,
  // and nothing runs while the program is idle).
  let last = performance.now();
  const account = () => {
    const now = performance.now();
    if (inflight > 0) {
      ioMs += now - last;
      ioThreadMs += inflight * (now - last);
    }
    last = now;
  };
  const SITE_LIMIT = 50;
  const PRELOAD = __filename;
  /** The first frame of the user's own code on the stack (a stack trace costs ~10 us: only the first few). */
  const noteSite = (kind) => {
    siteLooks[kind] = (siteLooks[kind] || 0) + 1;
    if (siteLooks[kind] > SITE_LIMIT) return;
    const holder = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30;
    Error.captureStackTrace(holder, noteSite);
    Error.stackTraceLimit = limit;
    for (const line of String(holder.stack).split('\n').slice(1)) {
      const m = /(?:\(|at )((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?$/.exec(line);
      if (!m || m[1].includes('/node_modules/') || m[1].endsWith(PRELOAD)) continue;
      const key = `${m[1].replace(/^file:\/\//, '')}\0${m[2]}\0${kind}`;
      sites.set(key, (sites.get(key) || 0) + 1);
      return;
    }
  };
  /** A wait of `kind` starts; the returned function ends it (once). */
  const open = {};
  const peak = {};
  const begin = (kind) => {
    account();
    waits[kind] = (waits[kind] || 0) + 1;
    inflight++;
    if (inflight > maxInflight) maxInflight = inflight;
    open[kind] = (open[kind] || 0) + 1;
    if (open[kind] > (peak[kind] || 0)) peak[kind] = open[kind];
    noteSite(kind);
    let pending = true;
    return () => {
      if (!pending) return;
      pending = false;
      account();
      if (inflight > 0) inflight--;
      open[kind]--;
    };
  };
  const subscribe = (name, fn) => {
    try {
      dc.subscribe(name, fn);
    } catch {
      /* channel not in this Node version */
    }
  };
  // Outgoing HTTP (node:http and fetch/undici): one wait per request, until its response ends.
  const httpEnds = new WeakMap();
  const endOf = (msg) => {
    const end = msg && msg.request && httpEnds.get(msg.request);
    if (end) end();
  };
  subscribe('http.client.request.start', (msg) => msg && msg.request && httpEnds.set(msg.request, begin('http')));
  subscribe('http.client.response.finish', endOf);
  subscribe('http.client.request.error', endOf);
  subscribe('undici:request:create', (msg) => msg && msg.request && httpEnds.set(msg.request, begin('http')));
  subscribe('undici:request:trailers', endOf);
  subscribe('undici:request:error', endOf);
  // Before countWaits, which ends by syncing the ES module exports of the wrapped built-ins.
  noteSyncCalls(syncSites);
  countWaits(begin, subscribe);
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
    const exitAt = epoch();
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
    // Every thread's CPU (the scheduler's own account): the main thread, libuv's pool, V8's
    // compiler and garbage-collector helpers, worker threads still alive. Names are not told
    // apart (most are "node"); the main thread's id is the process id.
    const threads = [];
    try {
      for (const tid of fs.readdirSync('/proc/self/task')) {
        const ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        const name = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        threads.push({ name, main: Number(tid) === process.pid, cpuMs: ns / 1e6 });
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
      nodeVersion: process.version,
      loopDelay: { maxMs: ns(delay.max), p50Ms: ns(delay.percentile(50)), p99Ms: ns(delay.percentile(99)), meanMs: ns(delay.mean) },
      requests: waits.http || 0,
      waits,
      peakInflight: peak,
      syncSites: [...syncSites].map(([key, count]) => {
        const [file, line, enclosing, api] = key.split('\0');
        return { file, line: Number(line), enclosing: Number(enclosing) || 0, api, count };
      }),
      waitSites: [...sites].map(([key, count]) => {
        const [file, line, kind] = key.split('\0');
        return { file, line: Number(line), kind, count };
      }),
      maxInflight,
      io: { ms: ioMs, threadMs: ioThreadMs },
      workers,
      threads,
      loadAverage: Math.max(loadAtStart ?? 0, loadAverage() ?? 0) || undefined,
      server: serverProbe.finish(),
      // Epoch ms: the process started, the preload was ready, the program ended (its exit event).
      // The runner's own clock adds the spawn and the exit, once --cpu-prof has written the profile.
      clock: { startedAt: clockAnchor, readyAt, exitAt },
    };
    try {
      fs.writeFileSync(out, JSON.stringify(data));
    } catch {
      /* the run report falls back to what the profile shows */
    }
  });
  const readyAt = epoch();

  /**
   * Where the program calls Node's synchronous APIs (they hold the event loop): the public name it
   * called (zlib.gzipSync, whose profile frames are internal: syncBufferWrapper, zlibBufferSync),
   * the call's own line and the first line of the function around it, which is what a CPU profile's
   * frame carries. The profile's samples in a sync API are then told at the call's line. One stack
   * trace (~10 us) for each of the first SYNC_LOOKS calls of an API, then one in SYNC_LOOKS. Calls
   * the module loader makes (require() reading files at start-up) are not the program's.
   */
  function noteSyncCalls(syncSites) {
    const SYNC_LOOKS = 50;
    const looks = {};
    let inside = false;
    const callSites = (_, frames) => frames;
    const note = (api, skip) => {
      const n = (looks[api] = (looks[api] || 0) + 1);
      if (n > SYNC_LOOKS && n % SYNC_LOOKS) return;
      const holder = {};
      const prepare = Error.prepareStackTrace;
      const limit = Error.stackTraceLimit;
      Error.prepareStackTrace = callSites;
      Error.stackTraceLimit = 20;
      try {
        Error.captureStackTrace(holder, skip);
        for (const f of holder.stack) {
          const file = f.getFileName() || '';
          if (file.startsWith('node:internal/modules/')) return; // the module loader's own reads
          if (!file || file.startsWith('node:') || file === PRELOAD || file.includes('/node_modules/')) continue;
          const path = file.replace(/^file:\/\//, '');
          const enclosing = typeof f.getEnclosingLineNumber === 'function' ? f.getEnclosingLineNumber() : null;
          const key = `${path}\0${f.getLineNumber()}\0${enclosing}\0${api}`;
          syncSites.set(key, (syncSites.get(key) || 0) + 1);
          return;
        }
      } catch {
        /* no structured stack: the profile's function line stays */
      } finally {
        Error.prepareStackTrace = prepare;
        Error.stackTraceLimit = limit;
      }
    };
    const apis = require('./node-sync-apis.json'); // the list src/profile/node.ts reads too
    for (const [mod, names] of Object.entries(apis)) {
      let m;
      try {
        m = require(`node:${mod}`);
      } catch {
        continue;
      }
      for (const name of names) {
        const real = m[name];
        if (typeof real !== 'function') continue;
        const api = `${mod}.${name}`;
        const wrapped = Object.defineProperties(function (...args) {
          if (inside) return real.apply(this, args); // readFileSync's own openSync, readSync, closeSync
          inside = true;
          try {
            note(api, wrapped);
            return real.apply(this, args);
          } finally {
            inside = false;
          }
        }, Object.getOwnPropertyDescriptors(real));
        m[name] = wrapped;
      }
    }
  }

  /**
   * Waits that are not HTTP, counted without loading a module the program may not use (each costs
   * its start-up): child processes (the child_process channel; execSync and spawnSync through the
   * binding they share), timers (setTimeout and timers/promises), fs callbacks and connections.
   */
  function countWaits(begin, subscribe) {
    subscribe('child_process', (msg) => {
      const child = msg && msg.process;
      if (child && typeof child.once === 'function') {
        const end = begin('child');
        child.once('exit', end);
        child.once('error', end);
      }
    });
    subscribe('net.client.socket', () => begin('connect')());
    const pending = (process.execArgv.join(' ') + ' ' + (process.env.NODE_OPTIONS || '')).includes('--pending-deprecation');
    if (!pending) {
      try {
        // process.binding warns only under --pending-deprecation (checked above).
        const spawnSync = process.binding('spawn_sync');
        const real = spawnSync.spawn;
        spawnSync.spawn = function spawn(options) {
          const end = begin('child-sync');
          try {
            return real.call(this, options);
          } finally {
            end();
          }
        };
      } catch {
        /* no such binding in this Node version */
      }
    }
    const MIN_TIMER_MS = 2; // shorter timers are yields, not waits
    const timers = require('node:timers');
    const realSetTimeout = timers.setTimeout;
    const realClearTimeout = timers.clearTimeout;
    const timerEnds = new WeakMap();
    const setTimeoutCounted = function setTimeout(fn, ms, ...args) {
      if (typeof fn !== 'function' || !(ms >= MIN_TIMER_MS)) return realSetTimeout(fn, ms, ...args);
      let end;
      const t = realSetTimeout(function fired(...a) {
        end();
        return fn.apply(this, a);
      }, ms, ...args);
      end = begin('timer');
      if (t && typeof t === 'object') timerEnds.set(t, end);
      return t;
    };
    const clearTimeoutCounted = function clearTimeout(t) {
      const end = t && typeof t === 'object' && timerEnds.get(t);
      if (end) end();
      return realClearTimeout(t);
    };
    // setTimeout keeps its promisified form (util.promisify(setTimeout)).
    Object.defineProperties(setTimeoutCounted, Object.getOwnPropertyDescriptors(realSetTimeout));
    timers.setTimeout = globalThis.setTimeout = setTimeoutCounted;
    timers.clearTimeout = globalThis.clearTimeout = clearTimeoutCounted;
    try {
      const promises = require('node:timers/promises');
      const realSleep = promises.setTimeout;
      promises.setTimeout = function setTimeout(ms, ...args) {
        if (!(ms >= MIN_TIMER_MS)) return realSleep(ms, ...args);
        const end = begin('timer');
        const p = realSleep(ms, ...args);
        p.then(end, end);
        return p;
      };
    } catch {
      /* no timers/promises */
    }
    // fs's callback API (fs is loaded already): one wait per call, until its callback.
    for (const name of ['access', 'appendFile', 'close', 'copyFile', 'fstat', 'fsync', 'lstat', 'mkdir', 'open', 'read', 'readdir',
      'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'unlink', 'write', 'writeFile']) {
      const real = fs[name];
      if (typeof real !== 'function') continue;
      fs[name] = Object.defineProperties(function (...args) {
        const cb = args[args.length - 1];
        if (typeof cb !== 'function') return real.apply(this, args);
        const end = begin('fs');
        args[args.length - 1] = function done(...r) {
          end();
          return cb.apply(this, r);
        };
        return real.apply(this, args);
      }, Object.getOwnPropertyDescriptors(real));
    }
    try {
      require('node:module').syncBuiltinESMExports();
    } catch {
      /* older Node */
    }
  }

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
