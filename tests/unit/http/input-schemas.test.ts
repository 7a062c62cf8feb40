import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { accountId, authorizationCode, boundedString, httpUrl, LIMITS, noInput, platformName, recordByName, tenantId } from '../../../api/_lib/input-schemas.js';
import { queryParams } from '../../../api/_lib/query-params.js';
import { validateInput } from '../../../api/_lib/validate-input.js';
import { ValidationError } from '../../../lib/errors.js';

// The shared pieces of every request schema: each string bounded, each object strict, and every
// refusal a ValidationError naming the field.
const refusal = (schema: z.ZodType, value: unknown, where: 'body' | 'query' = 'body') => {
  try {
    validateInput(schema, value, where);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a refusal');
};

describe('bounded strings', () => {
  it.each([
    ['tenantId', tenantId, LIMITS.id, 191],
    ['accountId', accountId, LIMITS.id, 191],
    ['platformName', platformName, LIMITS.platform, 32],
    ['authorizationCode', authorizationCode, LIMITS.code, 2_048],
  ])('%s takes 1..%i characters', (_name, schema, limit, expected) => {
    expect(limit).toBe(expected);
    expect(schema.parse('x'.repeat(limit))).toHaveLength(limit);
    expect(schema.safeParse('x'.repeat(limit + 1)).success).toBe(false);
    expect(schema.safeParse('').success).toBe(false);
    expect(schema.safeParse(7).success).toBe(false);
  });

  it('trims ids before measuring them, and never trims a code', () => {
    expect(tenantId.parse(`  ${'t'.repeat(191)}  `)).toBe('t'.repeat(191));
    expect(tenantId.safeParse('   ').success).toBe(false);
    expect(authorizationCode.parse(' 4/abc ')).toBe(' 4/abc ');
  });

  it('stops at a length problem: refinements after it do not run on a huge value', () => {
    let refined = 0;
    const schema = boundedString(4).refine(() => (refined += 1) > 0, 'never');
    const error = refusal(z.strictObject({ p: schema }), { p: 'x'.repeat(1_000_000) });
    expect(error.issues).toEqual([{ path: 'p', message: 'Too big: expected string to have <=4 characters' }]);
    expect(refined).toBe(0);
  });
});

describe('httpUrl', () => {
  it('takes absolute http and https URLs up to 2,048 characters', () => {
    expect(httpUrl.parse('http://127.0.0.1:3000/callback')).toBe('http://127.0.0.1:3000/callback');
    const longest = `https://sluice.example/${'p'.repeat(LIMITS.url - 'https://sluice.example/'.length)}`;
    expect(httpUrl.parse(longest)).toBe(longest);
    expect(refusal(z.strictObject({ redirect_uri: httpUrl }), { redirect_uri: `${longest}p` }).issues).toEqual([
      { path: 'redirect_uri', message: 'Too big: expected string to have <=2048 characters' },
    ]);
  });

  it.each(['not a url', '/callback', 'javascript:alert(1)', 'ftp://files.example/cb', 'mailto:a@b.example'])('refuses %p', (value) => {
    expect(refusal(z.strictObject({ redirect_uri: httpUrl }), { redirect_uri: value }).issues).toEqual([
      { path: 'redirect_uri', message: 'must be an absolute http or https URL' },
    ]);
  });

  it('does not quote a huge value back', () => {
    const error = refusal(z.strictObject({ redirect_uri: httpUrl }), { redirect_uri: `https://a.example/${'x'.repeat(1_000_000)}` });
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('validateInput', () => {
  const schema = z.strictObject({ tenant_id: tenantId, days: z.number().int().optional(), nested: z.strictObject({ a: z.number() }).optional() });

  it('returns the validated value', () => {
    expect(validateInput(schema, { tenant_id: ' acme ', days: 7 }, 'body')).toEqual({ tenant_id: 'acme', days: 7 });
  });

  it('names every invalid field', () => {
    const error = refusal(schema, { days: '7' });
    expect(error.issues.map((issue) => issue.path)).toEqual(['tenant_id', 'days']);
    expect(error.message).toMatch(/^invalid body: tenant_id: .*; days: /);
  });

  it('names each unknown key, as `body: unrecognized key "froce"`, nested ones at their object', () => {
    const error = refusal(schema, { tenant_id: 'acme', froce: true, nested: { a: 1, b: 2 } });
    expect(error.message).toBe('invalid body: nested: unrecognized key "b"; body: unrecognized key "froce"');
    expect(error.issues).toEqual([
      { path: 'nested', message: 'unrecognized key "b"' },
      { path: 'body', message: 'unrecognized key "froce"' },
    ]);
  });

  it('reports keys that look like Object.prototype members, as JSON.parse makes them', () => {
    const error = refusal(schema, JSON.parse('{"tenant_id":"acme","__proto__":{"x":1},"constructor":1}'));
    expect(error.issues.map((issue) => issue.message)).toEqual(['unrecognized key "__proto__"', 'unrecognized key "constructor"']);
  });

  it('names at most 20 unknown keys, each cut at 64 characters, and counts the rest', () => {
    const body = Object.fromEntries([['k'.repeat(10_000), 1], ...Array.from({ length: 24 }, (_, i) => [`extra${i}`, i])]);
    const error = refusal(noInput, body);
    expect(error.issues).toHaveLength(21);
    expect(error.issues[0]).toEqual({ path: 'body', message: `unrecognized key "${'k'.repeat(64)}…"` });
    expect(error.issues[20]).toEqual({ path: 'body', message: 'and 5 more unrecognized keys' });
    expect(error.message.length).toBeLessThan(1_000);
  });

  it('says where the input was: the body or the query', () => {
    expect(refusal(noInput, { force: 'true' }, 'query').message).toBe('invalid query: query: unrecognized key "force"');
    expect(refusal(noInput, 'text', 'body').message).toBe('invalid body: body: Invalid input: expected object, received string');
  });
});

describe('noInput', () => {
  it('takes only {}', () => {
    expect(noInput.parse({})).toEqual({});
    expect(noInput.safeParse({ limit: 1 }).success).toBe(false);
    expect(noInput.safeParse([]).success).toBe(false);
    expect(noInput.safeParse(null).success).toBe(false);
  });
});

describe('queryParams', () => {
  const at = (query: string) => queryParams(new Request(`https://sluice.example/api/x${query}`));

  it('gives one string per parameter, and an array for a repeated one', () => {
    expect(at('')).toEqual({});
    expect(at('?a=1&b=&c=%20x')).toEqual({ a: '1', b: '', c: ' x' });
    expect(at('?tag=a&tag=b')).toEqual({ tag: ['a', 'b'] });
  });

  it('keeps __proto__ as an own key, so a strict schema reports it', () => {
    const params = at('?__proto__=a&__proto__=b');
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['__proto__']);
    expect(refusal(noInput, params, 'query').issues).toEqual([{ path: 'query', message: 'unrecognized key "__proto__"' }]);
  });
});

describe('validateInput and __proto__', () => {
  // JSON.parse makes an own `__proto__` key, which zod drops without a word: refused instead.
  const schema = z.strictObject({ platforms: recordByName(z.strictObject({ concurrency: z.number() })) });
  it.each([
    ['{"platforms":{"__proto__":{"concurrency":2}}}', 'platforms'],
    ['{"__proto__":{},"platforms":{}}', 'body'],
  ])('%s is a 400 naming where the key is', (json, path) => {
    expect(() => validateInput(schema, JSON.parse(json), 'body')).toThrow(expect.objectContaining({ name: 'ValidationError', issues: [{ path, message: 'unrecognized key "__proto__"' }] }));
  });

  it('an ordinary body passes untouched', () => {
    expect(validateInput(schema, JSON.parse('{"platforms":{"youtube":{"concurrency":2}}}'), 'body')).toEqual({ platforms: { youtube: { concurrency: 2 } } });
  });
});
