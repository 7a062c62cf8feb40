/**
 * Vercel's response helpers for Node functions (`res.status`, `res.json`, `res.send`,
 * `res.redirect`), reproduced from @vercel/node's `serverless-functions/helpers.ts`
 * (https://vercel.com/docs/functions/runtimes/node-js#node.js-helpers). ETags are left out:
 * nothing here depends on conditional requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VercelResponse } from '@vercel/node';

export function addResponseHelpers(req: IncomingMessage, res: ServerResponse): VercelResponse {
  const vercelRes = res as VercelResponse;
  vercelRes.status = (statusCode: number) => {
    res.statusCode = statusCode;
    return vercelRes;
  };
  vercelRes.json = (body: unknown) => sendJson(req, vercelRes, body);
  vercelRes.send = (body: unknown) => send(req, vercelRes, body);
  vercelRes.redirect = (statusOrUrl: number | string, url?: string) => redirect(vercelRes, statusOrUrl, url);
  return vercelRes;
}

function sendJson(req: IncomingMessage, res: VercelResponse, body: unknown): VercelResponse {
  if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  return send(req, res, JSON.stringify(body));
}

/** Strings go out as text/html unless a type is set, Buffers as octet-stream, anything else as JSON. */
function send(req: IncomingMessage, res: VercelResponse, body: unknown): VercelResponse {
  let chunk: string | Buffer;
  if (typeof body === 'string') {
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'text/html');
    chunk = body;
  } else if (Buffer.isBuffer(body)) {
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/octet-stream');
    chunk = body;
  } else if (body === null || body === undefined) {
    chunk = '';
  } else if (typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean') {
    return sendJson(req, res, body);
  } else {
    throw new TypeError('`body` is not a valid string, object, boolean, number, or Buffer');
  }
  if (typeof chunk === 'string') withUtf8Charset(res);
  if (res.statusCode === 204 || res.statusCode === 304) {
    for (const name of ['content-type', 'content-length', 'transfer-encoding']) res.removeHeader(name);
    res.end();
    return res;
  }
  res.setHeader('content-length', Buffer.byteLength(chunk));
  if (req.method === 'HEAD') res.end();
  else res.end(chunk);
  return res;
}

function redirect(res: VercelResponse, statusOrUrl: number | string, url: string | undefined): VercelResponse {
  const [status, location] = typeof statusOrUrl === 'string' ? [307, statusOrUrl] : [statusOrUrl, url];
  if (typeof location !== 'string') {
    throw new TypeError("Invalid redirect arguments: use res.redirect('/destination') or res.redirect(307, '/destination')");
  }
  res.writeHead(status, { Location: location }).end();
  return res;
}

function withUtf8Charset(res: ServerResponse): void {
  const type = res.getHeader('content-type');
  if (typeof type !== 'string') return;
  const [mediaType = '', ...parameters] = type.split(';').map((part) => part.trim());
  const kept = parameters.filter((parameter) => !/^charset=/i.test(parameter));
  res.setHeader('content-type', [mediaType, ...kept, 'charset=utf-8'].join('; '));
}
