// Attaching to a running Node process: SIGUSR1 opens its inspector (127.0.0.1, port 9229 unless
// it was started with --inspect-port), the Profiler domain samples it for a duration or until a
// stop, and the server probe counts what it serves meanwhile. Detaching takes the probe out, stops
// the profiler and closes the inspector again (one the process had opened itself stays open); the
// process keeps running throughout.
import * as fs from 'node:fs';
import { assetPath } from '../assets';
import { ProfileCancelledError, ProfileInputError } from '../errors';
import type { CpuProfile } from '../model';
import { statFields } from '../processTree';
import type { ProbeRecord } from '../server/model';
import { listeningSockets } from '../server/listening';
import { InspectorClient } from './inspectorClient';
import type { RunningProcess } from './processInfo';

export interface NodeAttachInput {
  proc: RunningProcess;
  hz: number;
  /** Epoch ms the probe's windows count from. */
  originMs: number;
  /** Detach after this long; without it, at `stop`. */
  durationMs?: number;
  stop?: AbortSignal;
  /** Cancels: detach at once, no report. */
  signal?: AbortSignal;
  /** Told when sampling has started (the load, if any, starts then). */
  onSampling?: () => void;
}

/** The process's CPU as /proc accounts it (ms), the main thread's run-queue wait and V8's sampling thread. */
interface CpuReading {
  userMs: number;
  sysMs: number;
  childMs: number;
  runQueueMs: number;
  profilerMs: number;
}

export interface NodeAttachResult {
  profile?: CpuProfile;
  probe?: ProbeRecord;
  startedAt: number;
  wallMs: number;
  cpu: CpuReading;
  endedBy: 'duration' | 'user' | 'exit';
  /** The inspector after detaching: closed again, left open as it was before, or still open (closing failed). */
  inspector: 'closed' | 'was-open' | 'still-open';
  /** The port the inspector listened on while attached (not one of the program's own). */
  inspectorPort?: number;
  nodeVersion?: string;
}

const PROBE_KEY = 'boundwise.attachedProbe';

function readCpu(pid: number): CpuReading | undefined {
  try {
    const f = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
    let runQueueMs = 0;
    try {
      runQueueMs = Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ')[1]) / 1e6 || 0;
    } catch {
      /* no schedstat */
    }
    let profilerMs = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').startsWith('v8:ProfEvntProc')) continue;
        const g = statFields(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1'));
        profilerMs += (Number(g[11]) + Number(g[12])) * 10;
      } catch {
        /* thread gone */
      }
    }
    return { userMs: Number(f[11]) * 10, sysMs: Number(f[12]) * 10, childMs: (Number(f[13]) + Number(f[14])) * 10, runQueueMs, profilerMs };
  } catch {
    return undefined;
  }
}

/** Whether anything on this machine listens on TCP `port` (any process: the table is the kernel's). */
function portTaken(port: number): boolean {
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of fs.readFileSync(file, 'latin1').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[3] === '0A' && parseInt(f[1]?.split(':')[1] ?? '', 16) === port) return true;
      }
    } catch {
      /* no such table */
    }
  }
  return false;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Opens the process's inspector with SIGUSR1, or finds the one it has; its address and whether it is ours. */
async function openInspector(proc: RunningProcess): Promise<{ host: string; port: number; ours: boolean }> {
  const own = () => listeningSockets([proc.pid]) ?? [];
  if (proc.inspectPort === 0) {
    // Which of its ports is the inspector could only be found by sending requests to its own servers.
    throw new ProfileInputError(`Process ${proc.pid} opened its inspector on a port the system picked (--inspect=...:0): start it with a fixed --inspect port to attach.`);
  }
  if (proc.inspectPort !== undefined) {
    const s = own().find((x) => x.port === proc.inspectPort);
    if (s) return { host: s.address === '0.0.0.0' || s.address === '::' ? '127.0.0.1' : s.address, port: s.port, ours: false };
  }
  // --inspect-port=0 lets the system pick: then the inspector is the port that appears.
  const port = proc.signalPort;
  if (port !== 0 && portTaken(port)) {
    throw new ProfileInputError(`Cannot attach to process ${proc.pid}: port ${port}, where Node opens its inspector on SIGUSR1, is in use by another program (another debugger or attached process?).`);
  }
  const before = new Set(own().map((x) => x.port));
  process.kill(proc.pid, 'SIGUSR1');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const s = own().find((x) => (port === 0 ? !before.has(x.port) : x.port === port));
    if (s) return { host: '127.0.0.1', port: s.port, ours: true };
    await sleep(50);
  }
  throw new ProfileInputError(`Process ${proc.pid} did not open its inspector within 5 s of SIGUSR1 (started with --disable-sigusr1, or it handles SIGUSR1 itself).`);
}

async function debuggerUrl(host: string, port: number): Promise<string> {
  const h = host.includes(':') ? `[${host}]` : host;
  const res = await fetch(`http://${h}:${port}/json/list`);
  const targets = (await res.json()) as Array<{ type?: string; webSocketDebuggerUrl?: string }>;
  const target = targets.find((t) => t.webSocketDebuggerUrl && (t.type === undefined || t.type === 'node'));
  if (!target?.webSocketDebuggerUrl) throw new Error(`the inspector at ${h}:${port} lists no target`);
  return target.webSocketDebuggerUrl;
}

function probeInstaller(originMs: number): string {
  const source = fs.readFileSync(assetPath('server-probe.js'), 'utf8');
  // `require` exists only while this evaluation runs: the probe requires what it needs up front.
  return `(function (require) {
    const key = Symbol.for(${JSON.stringify(PROBE_KEY)});
    if (globalThis[key]) return 'busy';
    const module = { exports: {} };
    (function (module, exports) {\n${source}\n})(module, module.exports);
    globalThis[key] = module.exports({ originMs: ${originMs}, windowMs: 1000, activeNow: true }, require);
    return 'ok';
  })(require)`;
}

const PROBE_FINISH = `(function () {
  const key = Symbol.for(${JSON.stringify(PROBE_KEY)});
  const probe = globalThis[key];
  delete globalThis[key];
  return probe ? JSON.stringify(probe.finish()) : 'null';
})()`;

/** Closed a moment later, once this session has disconnected (close() waits for open sessions). */
const CLOSE_INSPECTOR = `(function (require) {
  const inspector = require('node:inspector');
  setTimeout(() => { try { inspector.close(); } catch {} }, 100);
  return true;
})(require)`;

export async function attachToNode(input: NodeAttachInput): Promise<NodeAttachResult> {
  const { proc } = input;
  const where = await openInspector(proc);
  let client: InspectorClient | undefined;
  /** Takes the probe out and closes what was opened; the process keeps running. */
  const detach = async (): Promise<NodeAttachResult['inspector']> => {
    if (client) {
      await client.evaluate(PROBE_FINISH, 2000).catch(() => undefined);
      if (where.ours) await client.evaluate(CLOSE_INSPECTOR, 2000).catch(() => undefined);
      client.close();
      await Promise.race([client.closed, sleep(2000)]);
      client = undefined;
    }
    if (!where.ours) return 'was-open';
    const open = () => (listeningSockets([proc.pid]) ?? []).some((s) => s.port === where.port);
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && open()) await sleep(50);
    return open() ? 'still-open' : 'closed';
  };
  let detached = false;
  try {
    client = await InspectorClient.connect(await debuggerUrl(where.host, where.port));
    const session = client;
    const pid = await session.evaluate<number>('process.pid');
    // Another process could have taken the port between the check and the signal.
    if (pid !== proc.pid) throw new ProfileInputError(`The inspector on port ${where.port} belongs to process ${pid}, not ${proc.pid}: not attaching.`);
    const nodeVersion = await session.evaluate<string>('process.version');
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: Math.max(50, Math.round(1e6 / input.hz)) });
    if ((await session.evaluate<string>(probeInstaller(input.originMs))) === 'busy') {
      throw new ProfileInputError(`Process ${proc.pid} is already being profiled by another Boundwise session.`);
    }
    const before = readCpu(proc.pid);
    const startedAt = Date.now();
    await session.send('Profiler.start');
    input.onSampling?.();

    const endedBy = await new Promise<NodeAttachResult['endedBy'] | 'cancel'>((resolve) => {
      const timer = input.durationMs ? setTimeout(() => done('duration'), input.durationMs) : undefined;
      function done(why: NodeAttachResult['endedBy'] | 'cancel') {
        clearTimeout(timer);
        resolve(why);
      }
      if (input.stop?.aborted) done('user');
      input.stop?.addEventListener('abort', () => done('user'), { once: true });
      input.signal?.addEventListener('abort', () => done('cancel'), { once: true });
      void session.closed.then(() => done('exit'));
    });
    const wallMs = Date.now() - startedAt;
    const none: CpuReading = { userMs: 0, sysMs: 0, childMs: 0, runQueueMs: 0, profilerMs: 0 };
    if (endedBy === 'exit') return { startedAt, wallMs, cpu: none, endedBy, inspector: 'closed', inspectorPort: where.port, nodeVersion };
    const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
    const after = readCpu(proc.pid);
    const probeJson = await session.evaluate<string>(PROBE_FINISH);
    await session.send('Profiler.disable');
    const inspector = await detach();
    detached = true;
    if (endedBy === 'cancel') throw new ProfileCancelledError();
    const probe = JSON.parse(probeJson) as Omit<ProbeRecord, 'source'> | null;
    const cpu: CpuReading = before && after
      ? {
        userMs: after.userMs - before.userMs,
        sysMs: after.sysMs - before.sysMs,
        childMs: after.childMs - before.childMs,
        runQueueMs: after.runQueueMs - before.runQueueMs,
        profilerMs: after.profilerMs - before.profilerMs,
      }
      : none;
    return { profile, ...(probe ? { probe: { source: 'node-http', ...probe } } : {}), startedAt, wallMs, cpu, endedBy, inspector, inspectorPort: where.port, nodeVersion };
  } finally {
    if (!detached) await detach();
  }
}
