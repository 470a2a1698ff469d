import { request } from 'node:http';

/** What came back, enough to classify it. */
export interface Answer {
  status: number;
  wwwAuthenticate: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

/**
 * Sends a GET with raw header pairs (repeated names allowed, which fetch cannot do) and no
 * connection reuse surprises; `headers` are sent exactly as given.
 */
export function send(url: string, headers: ReadonlyArray<readonly [string, string]>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // With raw header pairs Node adds no Host header of its own.
    const flat: string[] = ['host', new URL(url).host];
    for (const [name, value] of headers) flat.push(name, value);
    const req = request(url, { method: 'GET', headers: flat, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          wwwAuthenticate: res.headers['www-authenticate'],
          retryAfter: res.headers['retry-after'] as string | undefined,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
