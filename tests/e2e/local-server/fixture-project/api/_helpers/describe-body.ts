/** Helper module (a `_` folder): must never be served as a function. */
export function describeBody(body: unknown): { kind: string; value: unknown } {
  if (Buffer.isBuffer(body)) return { kind: 'buffer', value: body.toString('utf8') };
  return { kind: body === undefined ? 'undefined' : typeof body, value: body ?? null };
}

export default function notAFunction(): never {
  throw new Error('a helper was served as a function');
}
