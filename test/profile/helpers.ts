// Shared by the profiler suites: the repository's examples and a loopback server with a fixed delay.
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const example = (lang: 'python' | 'node', name: string) => path.join(ROOT, 'examples', lang, name);

export interface Loopback {
  url: string;
  close(): Promise<void>;
}

export function startLoopback(delayMs = 20): Promise<Loopback> {
  const page = `<html><body>${'x'.repeat(2000)}</body></html>`;
  const server = http.createServer((_req, res) => {
    setTimeout(() => {
      res.setHeader('Content-Length', Buffer.byteLength(page));
      res.end(page);
    }, delayMs);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

export function tempDir(prefix = 'bw-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `probe` holds, polling every 50 ms; false after `timeoutMs`. */
export async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Reads a pid a test script wrote to `file` once it exists (0 when it never appears). */
export async function pidFrom(file: string, timeoutMs = 20000): Promise<number> {
  await until(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() !== '', timeoutMs);
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : 0;
}
