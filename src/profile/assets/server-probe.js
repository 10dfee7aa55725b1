'use strict';
// Boundwise's server probe for Node, inside the profiled (or attached) process: counts the requests
// an http/https server serves (node:diagnostics_channel, http.server.request.start and
// http.server.response.finish), per route where Express names one (req.route), and the connections
// it accepts, in windows of fixed length counted from an origin the caller gives, with the event
// loop's delay and the process's CPU per window. Loaded by node-preload.js at start-up, or sent
// through the inspector when attaching to a running process (then `require` is the one passed in:
// the inspector's command-line API lends it only while the evaluation runs).
// Nothing here may throw into the program: every callback is guarded, timers are unref'd.
module.exports = function startServerProbe(options, requireFn) {
  const load = requireFn || require;
  const dc = load('node:diagnostics_channel');
  const fs = load('node:fs');
  const { performance } = load('node:perf_hooks');
  // The timers as they are now: a profiler that later wraps the globals to count the program's
  // waits must not count the probe's own.
  const { setTimeout, clearTimeout, setInterval, clearInterval } = load('node:timers');
  const windowMs = options.windowMs || 1000;
  // Epoch ms on the system clock as it reads now (the runner's and the load generator's clock),
  // sub-millisecond from the monotonic clock. Not performance.timeOrigin: an attached server may
  // have started before the system clock was last set.
  const anchor = Date.now() - performance.now();
  const epoch = () => anchor + performance.now();
  const origin = options.originMs || anchor;
  const ROUTE_LIMIT = 20; // distinct unrouted paths kept per run; the rest are "other paths"
  const SAMPLE_LIMIT = 500; // latencies kept per route and window (a uniform sample beyond that)
  // One instant on both clocks: V8's CPU profile stamps its samples on the monotonic clock (us).
  const clocks = { epochMs: epoch(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
  const indexOf = (at) => Math.floor((at - origin) / windowMs);

  const windows = new Map();
  const windowAt = (index) => {
    let w = windows.get(index);
    if (!w) {
      w = { index, started: 0, requests: 0, serverErrors: 0, connections: 0, busyMs: 0, inflightMs: 0, maxInflight: 0, routes: {} };
      windows.set(index, w);
    }
    return w;
  };
  const listening = [];
  const paths = new Set();
  const frameworkRoutes = new Set();
  const starts = new WeakMap();
  let inflight = 0;
  let lastChange = epoch();
  let active = false;

  // Time with requests in flight, and requests in flight x time, split at window edges.
  const accountBusy = (now) => {
    if (inflight > 0) {
      for (let t = lastChange; t < now;) {
        const i = indexOf(t);
        const edge = Math.min(now, origin + (i + 1) * windowMs);
        const w = windowAt(i);
        w.busyMs += edge - t;
        w.inflightMs += inflight * (edge - t);
        t = edge;
      }
    }
    lastChange = now;
  };

  const routeOf = (req) => {
    const route = req && req.route;
    if (route && route.path !== undefined) {
      const name = `${req.method} ${req.baseUrl || ''}${String(route.path)}`;
      frameworkRoutes.add(name);
      return name;
    }
    let path = String((req && (req.originalUrl || req.url)) || '/');
    const q = path.indexOf('?');
    if (q >= 0) path = path.slice(0, q);
    const name = `${req && req.method} ${path}`;
    if (paths.has(name) || paths.size < ROUTE_LIMIT) {
      paths.add(name);
      return name;
    }
    return `${req && req.method} (other paths)`;
  };

  const onStart = (msg) => {
    try {
      const now = epoch();
      accountBusy(now);
      inflight++;
      const w = windowAt(indexOf(now));
      w.started++;
      if (inflight > w.maxInflight) w.maxInflight = inflight;
      if (msg && msg.request) starts.set(msg.request, now);
      ensureActive();
    } catch {
      /* never disturb the server */
    }
  };
  const onFinish = (msg) => {
    try {
      const now = epoch();
      const req = msg && msg.request;
      const began = req && starts.get(req);
      if (began === undefined) return; // started before the probe
      starts.delete(req);
      accountBusy(now);
      if (inflight > 0) inflight--;
      const w = windowAt(indexOf(now));
      w.requests++;
      const status = msg.response && msg.response.statusCode;
      if (status >= 500) w.serverErrors++;
      const name = routeOf(req);
      let r = w.routes[name];
      if (!r) r = w.routes[name] = { count: 0, latencies: [] };
      r.count++;
      const ms = Math.round((now - began) * 100) / 100;
      if (r.latencies.length < SAMPLE_LIMIT) r.latencies.push(ms);
      else {
        const k = Math.floor(Math.random() * r.count);
        if (k < SAMPLE_LIMIT) r.latencies[k] = ms;
      }
    } catch {
      /* never disturb the server */
    }
  };
  const onSocket = () => {
    try {
      windowAt(indexOf(epoch())).connections++;
      ensureActive();
    } catch {
      /* never disturb the server */
    }
  };
  const onListen = (msg) => {
    try {
      const a = msg && msg.server && msg.server.address();
      if (a && typeof a === 'object') listening.push({ atMs: epoch(), port: a.port, address: a.address });
      ensureActive();
    } catch {
      /* never disturb the server */
    }
  };
  const subscriptions = [];
  const subscribe = (name, fn) => {
    try {
      dc.subscribe(name, fn);
      subscriptions.push([name, fn]);
    } catch {
      /* channel not in this Node version */
    }
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  subscribe('net.server.socket', onSocket);
  subscribe('tracing:net.server.listen:asyncEnd', onListen);

  // Per window: the loop's delay, measured as how late a 10 ms timer fires (clinic doctor samples
  // every 10 ms too; perf_hooks' histogram loses the first delay after each reset), and the CPU the
  // process used, less V8's sampling thread (the profiler's own work). Started by the first server
  // event, so a program that never serves pays for nothing but the subscriptions.
  const LAG_MS = 10;
  let lagTimer;
  let lagLast = 0;
  let lags = [];
  const lagTick = () => {
    const now = performance.now();
    lags.push(Math.max(0, now - lagLast - LAG_MS));
    lagLast = now;
  };
  let timer;
  let cpuAt;
  let profilerAt = 0;
  let windowStart;
  const profilerTids = new Set();
  const profilerCpuMs = () => {
    let ms = 0;
    try {
      if (profilerTids.size === 0) {
        for (const tid of fs.readdirSync('/proc/self/task')) {
          if (fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').startsWith('v8:ProfEvntProc')) profilerTids.add(tid);
        }
      }
      for (const tid of profilerTids) {
        const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        ms += (Number(f[11]) + Number(f[12])) * 10;
      }
    } catch {
      profilerTids.clear(); // the thread ended, or not Linux
    }
    return ms;
  };
  // The event loop's own thread: time on a CPU, and time runnable but waiting for one (a busy
  // machine), so a loop that wanted a whole core is seen as saturated even when it did not get it.
  const mainThread = () => {
    try {
      const [cpu, queue] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
      return { cpu: cpu / 1e6, queue: queue / 1e6 };
    } catch {
      return undefined; // not Linux
    }
  };
  let mainAt;
  const closeWindow = (index, upTo) => {
    const now = Math.min(epoch(), upTo);
    accountBusy(now);
    const w = windowAt(index);
    const used = process.cpuUsage(cpuAt);
    cpuAt = process.cpuUsage();
    const prof = profilerCpuMs();
    w.cpuMs = Math.max(0, (used.user + used.system) / 1000 - Math.max(0, prof - profilerAt));
    profilerAt = prof;
    const main = mainThread();
    if (main && mainAt) {
      w.mainCpuMs = Math.round((main.cpu - mainAt.cpu) * 10) / 10;
      w.mainQueueMs = Math.round((main.queue - mainAt.queue) * 10) / 10;
    }
    mainAt = main;
    w.fromMs = windowStart;
    w.toMs = now;
    windowStart = now;
    if (lags.length) {
      const sorted = lags.sort((a, b) => a - b);
      const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 100) / 100;
      w.lag = { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), timers: sorted.length };
      lags = [];
    }
  };
  const tick = () => {
    try {
      const now = epoch();
      closeWindow(indexOf(now) - 1, now);
      schedule();
    } catch {
      /* never disturb the server */
    }
  };
  const schedule = () => {
    const next = origin + (indexOf(epoch()) + 1) * windowMs;
    timer = setTimeout(tick, Math.max(1, next - epoch()));
    timer.unref();
  };
  function ensureActive() {
    if (active) return;
    active = true;
    lagLast = performance.now();
    lagTimer = setInterval(lagTick, LAG_MS);
    lagTimer.unref();
    cpuAt = process.cpuUsage();
    profilerAt = profilerCpuMs();
    mainAt = mainThread();
    windowStart = epoch();
    schedule();
  }
  if (options.activeNow) ensureActive();

  return {
    /** Stops counting and returns what was counted (plain data); null when no server was seen. */
    finish() {
      for (const [name, fn] of subscriptions) {
        try {
          dc.unsubscribe(name, fn);
        } catch {
          /* already gone */
        }
      }
      if (!active) return listening.length ? { origin, windowMs, clocks, listening, windows: [], frameworkRoutes: [] } : null;
      clearTimeout(timer);
      const now = epoch();
      clearInterval(lagTimer);
      lagTick();
      closeWindow(indexOf(now), now);
      return {
        origin,
        windowMs,
        clocks,
        listening,
        inflightAtEnd: inflight,
        frameworkRoutes: [...frameworkRoutes],
        windows: [...windows.values()].sort((a, b) => a.index - b.index),
      };
    },
  };
};
