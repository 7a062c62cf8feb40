import { describe, expect, it } from '@jest/globals';
import { faultResponse } from '../../../../dev/simulators/youtube/fault-responses.js';

describe('faultResponse', () => {
  it("uses Google's envelopes for the APIs", () => {
    expect(faultResponse({ api: 'analytics', kind: 'rateLimited', retryAfterSeconds: 5 }, 'rateLimited')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '5' },
      body: { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', errors: [{ reason: 'rateLimitExceeded', domain: 'global' }], status: 'RESOURCE_EXHAUSTED' } },
    });
    expect(faultResponse({ api: 'data', kind: 'serverError', status: 503 }, 'serverError')).toMatchObject({
      status: 503,
      body: { error: { message: 'The service is currently unavailable.', errors: [{ reason: 'backendError' }], status: 'UNAVAILABLE' } },
    });
    expect(faultResponse({ api: 'data', kind: 'serverError' }, 'serverError')).toMatchObject({ status: 500, body: { error: { status: 'INTERNAL' } } });
    expect(faultResponse({ api: 'analytics', kind: 'quotaExceeded' }, 'quotaExceeded')).toMatchObject({
      status: 403,
      body: { error: { errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] } },
    });
    expect(faultResponse({ api: 'analytics', kind: 'unauthorized' }, 'unauthorized')).toMatchObject({
      status: 401,
      body: { error: { errors: [{ reason: 'authError', location: 'Authorization', locationType: 'header' }], status: 'UNAUTHENTICATED' } },
    });
  });

  it('speaks RFC 6749 errors for the token endpoint', () => {
    expect(faultResponse({ api: 'oauth', kind: 'badRequest' }, 'badRequest')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(faultResponse({ api: 'oauth', kind: 'rateLimited' }, 'rateLimited')).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
  });
});
