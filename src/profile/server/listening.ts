// Which TCP ports a process listens on, read from /proc: its open sockets (/proc/<pid>/fd) matched
// by inode against the kernel's socket tables (/proc/<pid>/net/tcp, tcp6). Nothing is sent to the
// port, so finding a server neither disturbs it nor mistakes another program's server for it.
import * as fs from 'node:fs';
import * as net from 'node:net';

export interface ListeningSocket {
  pid: number;
  port: number;
  /** The address it is bound to, as text (0.0.0.0, 127.0.0.1, ::, ::1). */
  address: string;
}

const LISTEN = '0A';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith('socket:[')) inodes.add(link.slice(8, -1));
    } catch {
      /* closed meanwhile */
    }
  }
  return inodes;
}

/** /proc/net/tcp writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [6, 4, 2, 0].map((i) => parseInt(w.slice(i, i + 2), 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

function listenTable(pid: number): Map<string, { port: number; address: string }> {
  const table = new Map<string, { port: number; address: string }>();
  for (const file of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${file}`, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== LISTEN) continue;
      const [addr, port] = f[1].split(':');
      table.set(f[9], { port: parseInt(port, 16), address: decodeAddress(addr) });
    }
  }
  return table;
}

/** The listening TCP sockets of `pids`; undefined without /proc. */
export function listeningSockets(pids: number[]): ListeningSocket[] | undefined {
  if (!fs.existsSync('/proc/self/net/tcp')) return undefined;
  const found: ListeningSocket[] = [];
  const tables = new Map<string, Map<string, { port: number; address: string }>>();
  for (const pid of pids) {
    const inodes = socketInodes(pid);
    if (inodes.size === 0) continue;
    // Processes of one network namespace share a table: read it once.
    let ns = '';
    try {
      ns = fs.readlinkSync(`/proc/${pid}/ns/net`);
    } catch {
      ns = String(pid);
    }
    let table = tables.get(ns);
    if (!table) tables.set(ns, (table = listenTable(pid)));
    for (const inode of inodes) {
      const hit = table.get(inode);
      if (hit) found.push({ pid, ...hit });
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Without /proc: whether something accepts a connection on host:port (it may not be the run's). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

/**
 * Resolves with the run's socket on `port` once one of its processes listens there; undefined when
 * `until` settles first (the program exited, the run was stopped) or after `timeoutMs`.
 */
export async function waitUntilListening(pids: () => number[], host: string, port: number, timeoutMs: number, until: Promise<unknown>): Promise<ListeningSocket | undefined> {
  let over = false;
  void until.then(() => (over = true), () => (over = true));
  const deadline = Date.now() + timeoutMs;
  while (!over && Date.now() < deadline) {
    const own = pids();
    const sockets = listeningSockets(own);
    if (sockets === undefined) {
      if (await accepts(host, port)) return { pid: own[0] ?? 0, port, address: host };
    } else {
      const hit = sockets.find((s) => s.port === port);
      if (hit) return hit;
    }
    await sleep(50);
  }
  return undefined;
}
