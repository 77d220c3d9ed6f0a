/**
 * A minimal keep-alive HTTP client for the timed loops. fetch (undici) adds a few hundred microseconds of its own
 * per call on this machine; with node:http and one keep-alive agent what is timed is the gateway, the handler
 * and the loopback, which is what the API-overhead ratio is about. Untimed set-up calls use test/support/api.ts.
 */
import { Agent, request as httpRequest } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface TimedResponse<T = any> {
  status: number;
  body: T;
  /** Bytes of the answer's body. */
  bytes: number;
  /** From just before the request is written to the last byte of the answer, in ms. */
  ms: number;
}

export function timedRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<TimedResponse<T>> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string | number> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const ms = performance.now() - started;
        const raw = Buffer.concat(chunks);
        const text = raw.toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: keep the text */
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, bytes: raw.length, ms });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}
