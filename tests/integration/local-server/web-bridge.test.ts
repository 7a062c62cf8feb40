import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestBodyTooLargeError, sendWebResponse, toWebRequest } from '../../../dev/local-server/web-bridge.js';

// The bridge on a real node:http server: what a Web handler receives for a request, and
// what a client receives for a Response, including the cases fetch() alone hides
// (repeated request headers, a client that goes away mid-request).
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<string> {
  server = createServer((req, res) => void listener(req, res).catch((error: unknown) => res.destroy(error as Error)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toWebRequest', () => {
  it('builds a standard Request: URL on the origin, params in the query, every header value, the exact body', async () => {
    let seen: { url: string; method: string; tags: string | null; body: string; isRequest: boolean } | undefined;
    const origin = await serve(async (req, res) => {
      const request = await toWebRequest(req, { origin: 'https://sluice.example', params: { id: '42', q: 'route wins' } });
      seen = { url: request.url, method: request.method, tags: request.headers.get('x-tag'), body: await request.text(), isRequest: request instanceof Request };
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${origin}/api/items/42?q=client&x=1`, { method: 'PATCH', headers: { 'x-tag': ['a', 'b'], 'content-type': 'text/plain' } }, (res) => {
        res.resume().once('end', resolve);
      });
      req.once('error', reject);
      req.end('héllo');
    });
    expect(seen).toEqual({
      url: 'https://sluice.example/api/items/42?q=route+wins&x=1&id=42',
      method: 'PATCH',
      tags: 'a, b',
      body: 'héllo',
      isRequest: true,
    });
  });

  it('gives GET and HEAD no body, and refuses a body over the limit', async () => {
    const outcomes: string[] = [];
    const origin = await serve(async (req, res) => {
      try {
        const request = await toWebRequest(req, { origin: 'http://x', maxBodyBytes: 4 });
        outcomes.push(`${request.method} body=${request.body === null ? 'none' : await request.text()}`);
        res.end();
      } catch (error) {
        outcomes.push(`${(error as Error).name}: ${(error as Error).message}`);
        res.writeHead(413).end();
      }
    });
    await fetch(`${origin}/`);
    await fetch(`${origin}/`, { method: 'POST', body: '1234' });
    expect((await fetch(`${origin}/`, { method: 'POST', body: '12345' })).status).toBe(413);
    expect(outcomes).toEqual(['GET body=none', 'POST body=1234', `${RequestBodyTooLargeError.name}: request body exceeds 4 bytes`]);
  });

  it('aborts the Request’s signal when the client goes away', async () => {
    const aborted = Promise.withResolvers<boolean>();
    const origin = await serve(async (req, res) => {
      const controller = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = await toWebRequest(req, { origin: 'http://x', signal: controller.signal });
      request.signal.addEventListener('abort', () => aborted.resolve(true));
    });
    const client = new AbortController();
    const pending = fetch(`${origin}/slow`, { signal: client.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.abort();
    await pending;
    await expect(aborted.promise).resolves.toBe(true);
  });
});

describe('sendWebResponse', () => {
  it('sends status, headers, each Set-Cookie on its own line and a streamed body', async () => {
    const origin = await serve(async (req, res) => {
      const headers = new Headers({ 'content-type': 'text/plain; charset=utf-8', 'x-one': '1' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2; HttpOnly');
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of ['str', 'eam', 'ed']) controller.enqueue(new TextEncoder().encode(part));
          controller.close();
        },
      });
      await sendWebResponse(res, new Response(body, { status: 418, headers }), req.method);
    });
    const raw = await new Promise<{ status: number | undefined; cookies: string[] | undefined; one: string | string[] | undefined; body: string }>((resolve, reject) => {
      httpRequest(`${origin}/`, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode, cookies: res.headers['set-cookie'], one: res.headers['x-one'], body }));
      })
        .once('error', reject)
        .end();
    });
    expect(raw).toEqual({ status: 418, cookies: ['a=1', 'b=2; HttpOnly'], one: '1', body: 'streamed' });
  });

  it('sends headers only for HEAD and for a Response without a body', async () => {
    const origin = await serve(async (req, res) => sendWebResponse(res, req.url === '/empty' ? new Response(null, { status: 204 }) : Response.json({ a: 1 }), req.method));
    const head = await fetch(`${origin}/`, { method: 'HEAD' });
    expect({ status: head.status, type: head.headers.get('content-type'), body: await head.text() }).toEqual({ status: 200, type: 'application/json', body: '' });
    const empty = await fetch(`${origin}/empty`);
    expect({ status: empty.status, body: await empty.text() }).toEqual({ status: 204, body: '' });
  });
});
