// Node: V8's sampling profiler (`--cpu-prof`), whose (idle) samples measure waiting, plus a
// preload that records event-loop delay, in-flight requests and resource usage at exit.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assetPath, PROFILER_NODE_FILE } from './assets';
import { epochNow } from './clock';
import { ProfileInputError } from './errors';
import type { CallFrame, CpuProfile, CpuProfileNode, LoopEvent, Measurement, SyncCallSite, WaitSite } from './model';
import { runRecordOf, type RecordingBase } from './recording';
import { runFailure } from './failure';
import { nearestOnStack, timeWithFrame, treeIndex } from './stacks';
import { runCommand, type RunOptions, type RunResult } from './runner';
import { parseSourceMap, type LineMap } from './sourcemap';
import type { ProbeRecord } from './server/model';
import type { ProfileTarget } from './target';
import syncApis from './assets/node-sync-apis.json';

/** Synchronous Node APIs that hold the event loop while they wait or compute: name -> module (data, not ifs).
 * node-preload.js (noteSyncCalls) wraps the same public ones, read from the same list; zlibBufferSync is
 * the internal frame every zlib *Sync call shows in a profile, so only the profile side knows it. */
export const NODE_SYNC_APIS: Record<string, string> = Object.fromEntries([
  ...Object.entries(syncApis).flatMap(([mod, names]) => names.map((f) => [f, mod])),
  ['zlibBufferSync', 'zlib'],
]);

/** What node-preload.js writes (see there). */
export interface PreloadOutput {
  wallMs: number;
  cpuUserMs: number;
  cpuSysMs: number;
  childCpuMs: number;
  runQueueMs?: number;
  startupWallMs?: number;
  startupCpuMs?: number;
  profilerCpuMs?: number;
  exitCode: number;
  /** process.version of the node that ran the script. */
  nodeVersion?: string;
  loopDelay: { maxMs: number; p50Ms: number; p99Ms: number; meanMs: number };
  requests: number;
  maxInflight: number;
  io: { ms: number; threadMs: number };
  workers: number;
  /** Added with the wait counts (older recordings lack them). */
  waits?: Record<string, number>;
  /** Calls of Node's sync APIs: the call's line, the first line of the function around it (what a
   * profile frame carries), the public name called. Later still than the wait counts. */
  syncSites?: SyncCallSite[];
  peakInflight?: Record<string, number>;
  waitSites?: Array<{ file: string; line: number; kind: string; count: number }>;
  threads?: Array<{ name: string; main: boolean; cpuMs: number }>;
  loadAverage?: number;
  /** What server-probe.js counted (null when the program served nothing). */
  server?: ProbeRecord | null;
  /** Epoch ms: the process started, the preload was ready, the program's exit event. */
  clock?: { startedAt: number; readyAt: number; exitAt: number };
}

/** V8 compiling the program's modules (and WebAssembly): start-up, not the program's work. */
const COMPILING = new Set(['compileFunction', 'wrapSafe', 'compileSourceTextModule', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']);

export interface NodeRecording extends RecordingBase {
  language: 'node';
  node: {
    /** The main thread's profile and the worker threads' profiles, with file paths (not URLs) and
     * a transpiled entry's positions mapped back to its sources. */
    main: CpuProfile;
    workers: CpuProfile[];
    preload?: PreloadOutput;
    /** Each worker thread's time waiting for a core (busy machine), as it reported at exit. */
    workerRunQueueMs: number[];
  };
}

export interface NodeRunInput {
  target: ProfileTarget;
  cwd: string;
  hz: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  stop?: AbortSignal;
  onProgress?: RunOptions['onProgress'];
  env?: NodeJS.ProcessEnv;
  stdoutSink?: NodeJS.WritableStream;
  stderrSink?: NodeJS.WritableStream;
  onSpawn?: RunOptions['onSpawn'];
  onExit?: RunOptions['onExit'];
  /** Time between the stop's signals (default: the runner's). */
  killGraceMs?: number;
  /** Epoch ms the server probe's windows count from (the run's start). */
  serverOriginMs?: number;
  /** The node to run when the command named none (boundwise.node.path); else the one running Boundwise. */
  node?: string;
}

/** Epoch ms of a Node run's phases after the runner's: see PreloadOutput.clock for the program's own. */
export interface NodeRunClock {
  startedAt?: number;
  readyAt?: number;
  exitAt?: number;
  /** The runner resolved (process exited, leftovers checked, pipes drained). */
  runDoneAt: number;
  /** The .cpuprofile files and the preload's figures read and parsed. */
  profilesReadAt: number;
  /** File URLs made paths (and a bundle's positions mapped back). */
  normalisedAt?: number;
}

/** How to start a .ts script: the workspace's tsx when present, else a bundle made with esbuild. */
async function prepareEntry(script: string): Promise<{ entry: string; nodeArgs: string[]; cleanup: () => void; lineMap?: LineMap }> {
  const none = { entry: script, nodeArgs: [] as string[], cleanup: () => undefined };
  if (!/\.(ts|mts|cts|tsx)$/.test(script)) return none;
  const req = createRequire(script);
  try {
    req.resolve('tsx');
    return { entry: script, nodeArgs: ['--import', 'tsx'], cleanup: () => undefined };
  } catch {
    /* no tsx in the workspace */
  }
  let esbuild: { build: (o: object) => Promise<unknown> };
  const name = 'esbuild'; // a variable keeps the bundler from inlining esbuild itself
  try {
    esbuild = req(name);
  } catch {
    try {
      esbuild = createRequire(__filename)(name);
    } catch {
      throw new ProfileInputError(`Cannot run ${path.basename(script)}: TypeScript needs tsx or esbuild in the workspace (npm install --save-dev tsx)`);
    }
  }
  const esm = script.endsWith('.mts') || isEsmPackage(path.dirname(script));
  const outfile = path.join(path.dirname(script), `.boundwise-${process.pid}-${path.basename(script).replace(/\.[^.]+$/, '')}.${esm ? 'mjs' : 'cjs'}`);
  await esbuild.build({
    entryPoints: [script], outfile, bundle: true, packages: 'external', platform: 'node', format: esm ? 'esm' : 'cjs',
    target: 'node20', sourcemap: 'linked', logLevel: 'silent',
  });
  const mapFile = `${outfile}.map`;
  let lineMap: LineMap | undefined;
  try {
    lineMap = parseSourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')), mapFile);
  } catch {
    lineMap = undefined; // hotspots then point into the bundle
  }
  const cleanup = () => {
    fs.rmSync(outfile, { force: true });
    fs.rmSync(mapFile, { force: true });
  };
  return { entry: outfile, nodeArgs: ['--enable-source-maps'], cleanup, lineMap };
}

function isEsmPackage(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(d) === d) return false;
  }
}

export async function runNode(input: NodeRunInput): Promise<{ run: RunResult; recording?: NodeRecording; server?: ProbeRecord; runtime?: { command: string; version?: string }; clock?: NodeRunClock }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-node-'));
  const out = path.join(tmp, 'preload.json');
  const profDir = path.join(tmp, 'prof');
  const { target } = input;
  let prepared: Awaited<ReturnType<typeof prepareEntry>> | undefined;
  try {
    prepared = await prepareEntry(target.script);
    const interval = Math.max(50, Math.round(1e6 / input.hz));
    // The node the command named; else the configured one; else the one running Boundwise.
    const command = target.interpreter ?? input.node ?? process.execPath;
    const run = await runCommand({
      command,
      args: ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', String(interval),
        '--require', assetPath('node-preload.js'), ...target.interpreterArgs, ...prepared.nodeArgs, prepared.entry, ...target.args],
      cwd: input.cwd,
      env: {
        ...(input.env ?? process.env), BOUNDWISE_NODE_OUT: out, BOUNDWISE_NODE_CONTROL_FD: '3',
        ...(input.serverOriginMs !== undefined ? { BOUNDWISE_SERVER_ORIGIN: String(input.serverOriginMs) } : {}),
      },
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      stop: input.stop,
      killGraceMs: input.killGraceMs,
      onProgress: input.onProgress,
      estimateHz: input.hz,
      // The preload's stopper listens there: a stop ends even a loop that never yields (see node-preload.js).
      controlFd: true,
      stdoutSink: input.stdoutSink,
      stderrSink: input.stderrSink,
      onSpawn: input.onSpawn,
      onExit: input.onExit,
    });
    const runDoneAt = epochNow();
    const profiles = readProfiles(profDir, run.pid);
    const preload = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as PreloadOutput) : undefined;
    const profilesReadAt = epochNow();
    const clock: NodeRunClock = { ...preload?.clock, runDoneAt, profilesReadAt };
    const server = preload?.server ? { source: 'node-http' as const, ...preload.server } : undefined;
    const runtime = { command, ...(preload?.nodeVersion ? { version: preload.nodeVersion } : {}) };
    if (!profiles.main) return { run, server, runtime, clock };
    const workerRunQueueMs = fs.existsSync(`${out}.workers`)
      ? fs.readFileSync(`${out}.workers`, 'utf8').split('\n').map(Number).filter((x) => x > 0)
      : [];
    for (const p of [profiles.main, ...profiles.workers]) normaliseUrls(p, target.script, prepared.entry, prepared.lineMap);
    const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
    clock.normalisedAt = epochNow();
    return {
      run,
      server,
      runtime,
      clock,
      recording: {
        version: 1, language: 'node', script: target.script, args: target.args, hz: input.hz, cores, run: runRecordOf(run),
        node: { main: profiles.main, workers: profiles.workers, preload, workerRunQueueMs },
      },
    };
  } finally {
    prepared?.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Paths instead of file URLs; a transpiled .ts entry maps back to its sources. */
export function normaliseUrls(p: CpuProfile, script: string, entry: string, lineMap?: LineMap): void {
  // Thousands of nodes share a few hundred files: each URL is converted once.
  const paths = new Map<string, string>();
  for (const n of p.nodes) {
    const cf = n.callFrame;
    let file = paths.get(cf.url);
    if (file === undefined) paths.set(cf.url, (file = toPath(cf.url)));
    if (file !== entry) {
      cf.url = file;
      continue;
    }
    const hit = lineMap?.lookup(cf.lineNumber, Math.max(0, cf.columnNumber));
    cf.url = hit?.source ?? script;
    if (hit) cf.lineNumber = hit.line;
    if (lineMap && n.positionTicks) {
      n.positionTicks = n.positionTicks.map((t) => ({ ...t, line: (lineMap.lookup(t.line - 1, 0)?.line ?? t.line - 1) + 1 }));
    }
  }
}

/**
 * V8 compiling modules and WebAssembly on the main thread. Its samples' weight counts time the
 * thread wanted a core; scaled by the thread's measured CPU over that weight, it is CPU used.
 */
function compilingOf(main: CpuProfile, weights: number[], onCpu: boolean[], mainCpuMs?: number): Measurement['imports'] {
  const compiling = timeWithFrame(main, weights, onCpu, (f) => COMPILING.has(f.functionName) && (f.url.startsWith('node:') || f.url === ''));
  const onCpuMs = weights.reduce((a, w, i) => a + (onCpu[i] ? w : 0), 0);
  const scale = mainCpuMs !== undefined && onCpuMs > 0 ? Math.min(1, mainCpuMs / onCpuMs) : 1;
  return { wallMs: compiling.wallMs, cpuMs: compiling.cpuMs * scale };
}

/** Independent waits: every kind counted, but a connection carrying HTTP requests is not one more. */
function waitsStartedOf(counts: Record<string, number>): number {
  const total = Object.entries(counts).reduce((a, [kind, n]) => a + (kind === 'connect' ? 0 : n), 0);
  return total || (counts.connect ?? 0);
}

/** --cpu-prof names files CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main one. */
function readProfiles(dir: string, pid: number | undefined): { main?: CpuProfile; workers: CpuProfile[] } {
  if (!fs.existsSync(dir)) return { workers: [] };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const parsed = files.map((f) => ({ parts: f.split('.'), file: path.join(dir, f) }));
  const rootPid = pid ?? Math.min(...parsed.map((p) => Number(p.parts[3])).filter((p) => Number.isFinite(p)));
  let main: CpuProfile | undefined;
  const workers: CpuProfile[] = [];
  for (const p of parsed) {
    if (Number(p.parts[3]) !== rootPid) continue; // forked child processes: counted by CPU only
    const prof = JSON.parse(fs.readFileSync(p.file, 'utf8')) as CpuProfile;
    if (Number(p.parts[4]) === 0 && !main) main = prof;
    else workers.push(prof);
  }
  return { main, workers };
}

export function toPath(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

export function isNodeLibrary(url: string): boolean {
  return !url || url.startsWith('node:') || url.startsWith('internal/') || PROFILER_NODE_FILE.test(url) || url.includes('/node_modules/') || url.includes('\\node_modules\\');
}

/** Milliseconds of a profile's samples that were not (idle). */
function busyMsOf(p: CpuProfile): number {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let ms = 0;
  p.samples.forEach((id, i) => {
    if (!idle.has(id)) ms += Math.max(0, p.timeDeltas[i] ?? 0) / 1000;
  });
  return ms;
}

/** A frame of one of Node's sync APIs (NODE_SYNC_APIS, in node:) or of Atomics.wait (a builtin, no URL). */
function isSyncApiFrame(cf: CallFrame): boolean {
  if (cf.url.startsWith('node:')) return Object.prototype.hasOwnProperty.call(NODE_SYNC_APIS, cf.functionName);
  return cf.functionName === 'wait' && cf.url === '';
}

/** The preload's record of sync calls (call line, function line, public name), by file:function line:module. */
type SyncCalls = Map<string, Array<{ line: number; api: string; count: number }>>;

function syncCallsOf(syncSites: SyncCallSite[] | undefined): SyncCalls {
  const callsIn: SyncCalls = new Map();
  for (const c of syncSites ?? []) {
    const key = `${c.file}:${c.enclosing}:${c.api.split('.')[0]}`;
    callsIn.set(key, [...(callsIn.get(key) ?? []), c].sort((a, b) => b.count - a.count));
  }
  return callsIn;
}

/**
 * Sync calls that hold the loop, attributed to the user frame that made them: for a sample's node,
 * the Node API it is inside (the outermost one) and the user's call site, or null. Paths must
 * already be fixed (file paths, not URLs). The site is the call's own line, by the public name
 * called, when the preload saw the call (a frame carries only the first line of its function, and
 * zlib's sync calls run in internal functions). Also read by the server verdict for its busy windows.
 */
export function syncSiteLookup(main: CpuProfile, syncSites?: SyncCallSite[]): (id: number) => { site: WaitSite } | null {
  const { byId, parent } = treeIndex(main);
  const callsIn = syncCallsOf(syncSites);
  const syncOf = new Map<number, { site: WaitSite } | null>();
  // Most samples are under no sync API at all: told once per node, without the walk below.
  const underSyncApi = nearestOnStack(main, ({ callFrame: cf }) => (isSyncApiFrame(cf) ? true : undefined));
  return (id: number): { site: WaitSite } | null => {
    if (syncOf.has(id)) return syncOf.get(id)!;
    if (!underSyncApi(id)) {
      syncOf.set(id, null);
      return null;
    }
    let found: { site: WaitSite } | null = null;
    let n = byId.get(id);
    let api: string | undefined;
    while (n) {
      const cf = n.callFrame;
      // Walking outwards, the outermost sync API wins (readFileSync over its inner readSync).
      if (isSyncApiFrame(cf) && cf.url.startsWith('node:')) {
        api = `${NODE_SYNC_APIS[cf.functionName]}.${cf.functionName}`;
      } else if (!api && cf.functionName === 'wait' && cf.url === '') {
        api = 'Atomics.wait';
      } else if (api && cf.url.startsWith('node:internal/modules/')) {
        break; // the module loader reading files: require() and imports at start-up, not a blocking call
      } else if (api && !isNodeLibrary(cf.url)) {
        const call = callsIn.get(`${cf.url}:${cf.lineNumber + 1}:${api.split('.')[0]}`)?.[0];
        found = { site: { file: cf.url, line: call?.line ?? cf.lineNumber + 1, call: call?.api ?? api, kind: 'sync-call', ms: 0, samples: 0, user: true } };
        break;
      }
      const up = parent.get(n.id);
      n = up === undefined ? undefined : byId.get(up);
    }
    syncOf.set(id, found);
    return found;
  };
}

export function nodeMeasurement(rec: NodeRecording): Measurement {
  const { main, workers } = rec.node;
  const pre = rec.node.preload && { ...rec.node.preload };
  // Worker threads compute in parallel lanes: the longest wait for a core is the one lost.
  if (pre && rec.node.workerRunQueueMs.length) pre.runQueueMs = Math.max(pre.runQueueMs ?? 0, ...rec.node.workerRunQueueMs);
  const run = rec.run;
  const { byId, parent } = treeIndex(main);
  const weights = main.timeDeltas.map((d) => Math.max(0, d) / 1000);
  const onCpu = main.samples.map((id) => byId.get(id)?.callFrame.functionName !== '(idle)');

  const syncSite = syncSiteLookup(main, pre?.syncSites);
  // The innermost user frame of a sampled node (samples repeat nodes, stacks are deep).
  const userFrame = nearestOnStack(main, ({ callFrame: cf }) => (isNodeLibrary(cf.url) ? undefined
    : { key: `${cf.url}:${cf.functionName}`, file: cf.url, line: cf.lineNumber + 1, call: cf.functionName || '(anonymous)' }));
  const waits = new Map<string, WaitSite>();
  let idleMs = 0;
  let busyMs = 0;
  let blockedMs = 0;
  const events: LoopEvent[] = [];
  let runStart = -1;
  let runMs = 0;
  let runFrames = new Map<string, { ms: number; file: string; line: number; call: string }>();
  let t = 0;
  const closeRun = () => {
    if (runMs >= 50 && events.length < 500) {
      const top = [...runFrames.values()].sort((a, b) => b.ms - a.ms)[0];
      events.push({ atMs: Math.round(runStart), ms: Math.round(runMs * 10) / 10, onCpu: true, ...(top ? { file: top.file, line: top.line, call: top.call } : {}) });
    }
    runStart = -1;
    runMs = 0;
    runFrames = new Map();
  };
  main.samples.forEach((id, i) => {
    const w = weights[i];
    t += w;
    const node = byId.get(id);
    const fn = node?.callFrame.functionName;
    if (!onCpu[i]) {
      idleMs += w;
      closeRun();
      return;
    }
    if (fn === '(program)' || fn === '(garbage collector)' || fn === '(root)') {
      busyMs += w;
      return;
    }
    busyMs += w;
    if (runStart < 0) runStart = t - w;
    runMs += w;
    // The innermost user frame names what kept the loop busy.
    const frame = userFrame(id);
    if (frame) {
      const rec = runFrames.get(frame.key) ?? { ms: 0, file: frame.file, line: frame.line, call: frame.call };
      rec.ms += w;
      runFrames.set(frame.key, rec);
    }
    const sync = syncSite(id);
    if (sync) {
      blockedMs += w;
      const key = `${sync.site.file}:${sync.site.line}:${sync.site.call}`;
      const rec = waits.get(key) ?? { ...sync.site };
      rec.ms += w;
      rec.samples += 1;
      waits.set(key, rec);
    }
  });
  closeRun();
  const wallMs = run.wallMs;
  const waitCounts: Record<string, number> = pre?.waits ?? (pre?.requests ? { http: pre.requests } : {});
  const mainThread = pre?.threads?.find((t) => t.main);
  const threadsCpu = mainThread && pre ? { mainMs: mainThread.cpuMs, otherMs: Math.max(0, pre.cpuUserMs + pre.cpuSysMs - mainThread.cpuMs - (pre.profilerCpuMs ?? 0)) } : undefined;
  const urls = new Set([main, ...workers].flatMap((p) => p.nodes.map((n) => n.callFrame.url)));
  return {
    language: 'node',
    script: rec.script,
    hz: rec.hz,
    cores: rec.cores,
    profile: main,
    extraProfiles: workers,
    sampleWeightsMs: weights,
    sampleOnCpu: onCpu,
    // The script is the user's even when no sample landed in it: an entry that only hands the work to
    // a tool (ESLint's API) is seldom sampled at 100 Hz, and would otherwise be taken for the tool.
    userFiles: [...new Set([...urls, rec.script])].filter((u) => !isNodeLibrary(u)).sort(),
    process: {
      wallMs,
      cpuUserMs: pre?.cpuUserMs ?? busyMs,
      cpuSysMs: pre?.cpuSysMs ?? 0,
      childCpuMs: pre?.childCpuMs ?? 0,
      runQueueMs: pre?.runQueueMs ?? 0,
      startupCpuMs: pre?.startupCpuMs ?? 0,
      startupWallMs: pre?.startupWallMs ?? 0,
      profilerCpuMs: pre?.profilerCpuMs ?? 0,
      maxChildren: 0,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      failure: runFailure('node', run),
      loadAverage: pre?.loadAverage,
      threads: 1 + (pre?.workers ?? workers.length),
    },
    waits: [...waits.values()].sort((a, b) => b.ms - a.ms),
    ...(pre?.syncSites ? { syncSites: pre.syncSites } : {}),
    waitKinds: { 'loop-idle': idleMs, 'sync-call': blockedMs },
    io: { ms: pre?.io.ms ?? 0, threadMs: pre?.io.threadMs ?? 0, max: pre?.maxInflight ?? 0 },
    callCounts: (pre?.waitSites ?? []).map((w) => ({ file: w.file, line: w.line, event: w.kind, count: w.count })),
    waitsStarted: waitsStartedOf(waitCounts),
    waitCounts,
    peakInflight: pre?.peakInflight,
    threadsCpu,
    children: { started: (waitCounts.child ?? 0) + (waitCounts['child-sync'] ?? 0), maxAtOnce: Math.max(pre?.peakInflight?.child ?? 0, waitCounts['child-sync'] ? 1 : 0) },
    poolMs: 0,
    imports: compilingOf(main, weights, onCpu, mainThread?.cpuMs),
    multiCpuMs: 0,
    threadCpu: [],
    parallel: {
      // A worker's profile counts the time it ran or waited for a core; the CPU the threads besides
      // the main one used, when measured, bounds what the workers can have used.
      cpuMs: Math.min(workers.reduce((sum, w) => sum + busyMsOf(w), 0), threadsCpu?.otherMs ?? Infinity) + (pre?.childCpuMs ?? 0),
      units: workers.filter((w) => busyMsOf(w) > 0).length,
      processPool: false,
    },
    loop: { kind: 'node', busyCpuMs: busyMs - blockedMs, blockedMs, idleMs, maxDelayMs: pre?.loopDelay.maxMs, p50DelayMs: pre?.loopDelay.p50Ms, events },
  };
}
