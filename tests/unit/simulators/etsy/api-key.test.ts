import { describe, expect, it } from '@jest/globals';
import { apiKeyError } from '../../../../dev/simulators/etsy/api-key.js';

const check = (header: string | undefined) => apiKeyError(header, 'key', 'secret');

describe('apiKeyError', () => {
  it('accepts keystring:secret', () => {
    expect(check('key:secret')).toBeNull();
  });

  it("answers a bare keystring with Etsy's exact 403", () => {
    for (const header of ['key', 'key:']) expect(check(header)).toEqual({ status: 403, body: { error: 'Shared secret is required in x-api-key header.' }, headers: {} });
  });

  it('refuses an unknown keystring or a wrong secret', () => {
    for (const header of [undefined, '', 'other:secret', 'key:wrong', 'other']) expect(check(header)).toMatchObject({ status: 403, body: { error: 'Invalid API key' } });
  });
});
