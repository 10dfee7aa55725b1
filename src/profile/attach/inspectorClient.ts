// A minimal client of Node's inspector (the Chrome DevTools protocol over a WebSocket): commands
// with their replies, and notice when the other side goes away. undici's WebSocket, since Node 20
// has none of its own.
import { WebSocket } from 'undici';

export class InspectorClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Settles when the connection closes (the process exited, or the inspector was closed). */
  readonly closed: Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.addEventListener('close', () => {
        for (const p of this.pending.values()) p.reject(new Error('the inspector connection closed'));
        this.pending.clear();
        resolve();
      });
    });
    ws.addEventListener('message', (event) => {
      let msg: { id?: number; result?: unknown; error?: { message?: string } };
      try {
        msg = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!p) return; // an event: not used
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message ?? 'inspector error'));
      else p.resolve(msg.result);
    });
  }

  static connect(url: string, timeoutMs = 5000): Promise<InspectorClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error(`no answer from the inspector at ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new InspectorClient(ws));
      }, { once: true });
      ws.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to the inspector at ${url}`));
      }, { once: true });
    });
  }

  /** Sends one command; rejects on a protocol error, a closed connection or after `timeoutMs`. */
  send<T = unknown>(method: string, params: object = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      try {
        this.ws.send(JSON.stringify({ id, method, params }));
      } catch (err) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(err as Error);
      }
    });
  }

  /** Evaluates an expression in the process; `require` is available while it runs. Returns its value. */
  async evaluate<T = unknown>(expression: string, timeoutMs?: number): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text?: string; exception?: { description?: string } } }>(
      'Runtime.evaluate', { expression, includeCommandLineAPI: true, returnByValue: true, silent: true }, timeoutMs);
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'evaluation failed');
    return r.result.value as T;
  }

  close(): void {
    this.ws.close();
  }
}
