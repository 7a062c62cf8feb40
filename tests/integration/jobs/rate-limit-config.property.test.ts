import { fc, test } from '@fast-check/jest';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { rateLimitPutBody } from '../../../api/_lib/admin-schemas.js';
import { validateInput } from '../../../api/_lib/validate-input.js';
import { getRateLimitConfig, loadRateLimits, updateRateLimitConfig } from '../../../lib/budgets/rate-limit-config.service.js';
import type { RateLimits } from '../../../lib/budgets/rate-limit-config.js';
import { loadConfig } from '../../../lib/config/env.js';
import { saveRateLimitOverrides } from '../../../lib/budgets/rate-limits.repository.js';
import { ValidationError } from '../../../lib/errors.js';
import { createRuntime, type Runtime } from '../../../lib/runtime.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { MIN_REQUESTS_PER_SECOND } from '../../../lib/budgets/budget-policy.js';

// Seed 001, property 5 (rate-limit config round-trip): any sequence of valid PUT bodies
// (parsed by the endpoint's schema) saved with updateRateLimitConfig reads back as the
// environment's defaults overridden by every field set so far: a number sets a field, null puts
// the default back, and a field a patch leaves out keeps its previous value. The answer of each
// PUT, a later GET and the limits the dispatcher loads all agree.

const nowhere = 'http://127.0.0.1:9/';
/** DISPATCH_CONCURRENCY here: the default concurrency of every budget, and its maximum. */
const LANES = 5;
/** The environment's defaults, as this test's environment sets them (YOUTUBE_*, DISPATCH_CONCURRENCY). */
const DEFAULTS: Record<string, RateLimits> = {
  youtube: { requests_per_second: 3, daily_quota: null, backfill_share: 0.5, concurrency: LANES },
  'youtube-data': { requests_per_second: 3, daily_quota: 7_000, backfill_share: 0.5, concurrency: LANES },
};
const BUDGETS = Object.keys(DEFAULTS);
type Field = keyof RateLimits;

/** One budget's patch: any of its fields, each a valid value or null. */
const fieldsPatch = fc.record(
  {
    // The precision the edge accepts (3 and 4 decimals): DOUBLE reads back 15 significant digits on MariaDB.
    requests_per_second: fc.oneof(fc.constant(null), fc.integer({ min: MIN_REQUESTS_PER_SECOND * 1_000, max: 10_000_000 }).map((n) => n / 1_000), fc.integer({ min: 1, max: 10_000 })),
    daily_quota: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 1e12)),
    backfill_share: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000), fc.constantFrom(0, 1)),
    concurrency: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: LANES })),
  },
  { requiredKeys: [] },
);
const patch = fc.dictionary(fc.constantFrom(...BUDGETS), fieldsPatch, { minKeys: 1 });

describeEachEngine('seed 001 property 5: rate-limit config round-trip', (engine) => {
  let database: TestDatabase;
  let runtime: Runtime;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const config = loadConfig({
      DATABASE_URL: database.url,
      // YouTube's two budgets are the model here; other connectors' budgets would join the config.
      CONNECTORS: 'youtube',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      GOOGLE_CLIENT_ID: 'client',
      GOOGLE_CLIENT_SECRET: 'secret',
      GOOGLE_OAUTH_TOKEN_URL: nowhere,
      YOUTUBE_ANALYTICS_ROOT_URL: nowhere,
      YOUTUBE_DATA_ROOT_URL: nowhere,
      YOUTUBE_REQUESTS_PER_SECOND: '3',
      YOUTUBE_DATA_DAILY_QUOTA: '7000',
      DISPATCH_CONCURRENCY: String(LANES),
    });
    runtime = await createRuntime(config, { logger: silentLogger });
  });
  afterAll(async () => {
    await runtime?.database.destroy();
    await database?.drop();
  });

  const expectConfig = async (answer: unknown, overrides: Record<string, Partial<Record<Field, number>>>) => {
    const expected = { platforms: Object.fromEntries(BUDGETS.map((b) => [b, { ...DEFAULTS[b], ...overrides[b], usage: [] }])) };
    expect(answer).toEqual(expected);
    expect(await getRateLimitConfig(runtime)).toEqual(expected);
    expect(await loadRateLimits(runtime)).toEqual(Object.fromEntries(BUDGETS.map((b) => [b, { ...DEFAULTS[b], ...overrides[b] }])));
  };

  test.prop([fc.array(patch, { minLength: 1, maxLength: 4 })], { numRuns: 40 })('what is saved reads back over the defaults; null restores a default; other fields keep theirs', async (patches) => {
    await runtime.database.db.deleteFrom('rate_limits').execute();
    await expectConfig(await getRateLimitConfig(runtime), {});
    // The model: every field set so far and not put back to its default since.
    const overrides: Record<string, Partial<Record<Field, number>>> = {};
    for (const body of patches) {
      const parsed = validateInput(rateLimitPutBody, { platforms: body }, 'body');
      const answer = await updateRateLimitConfig(runtime, parsed.platforms);
      for (const [budget, fields] of Object.entries(body)) {
        const current = (overrides[budget] ??= {});
        for (const [field, value] of Object.entries(fields) as [Field, number | null][]) {
          if (value === null) delete current[field];
          else current[field] = value;
        }
      }
      await expectConfig(answer, overrides);
    }
  });

  const unknownBudget = fc.oneof(fc.constant('__proto__'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).filter((key) => key.trim() === key && !BUDGETS.includes(key)));
  test.prop([patch, unknownBudget], { numRuns: 20 })(
    'a patch naming a budget no connector declares is refused, naming it, and changes nothing',
    async (valid, unknown) => {
      await runtime.database.db.deleteFrom('rate_limits').execute();
      const put = async () => updateRateLimitConfig(runtime, validateInput(rateLimitPutBody, { platforms: { ...valid, [unknown]: { concurrency: 2 } } }, 'body').platforms);
      const refusal = await put().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ValidationError);
      // `__proto__` is refused at the edge (zod would drop it unseen); any other name by the service.
      expect((refusal as ValidationError).issues).toEqual(
        unknown === '__proto__'
          ? [{ path: 'platforms', message: 'unrecognized key "__proto__"' }]
          : [{ path: `platforms.${unknown}`, message: `no enabled connector has a budget "${unknown}"` }],
      );
      await expectConfig(await getRateLimitConfig(runtime), {});
    },
  );

  test.prop([patch, fc.constantFrom(...BUDGETS), fc.integer({ min: LANES + 1, max: 64 })], { numRuns: 20 })(
    'a concurrency above DISPATCH_CONCURRENCY is refused, naming the field and the limit, and changes nothing',
    async (valid, budget, concurrency) => {
      await runtime.database.db.deleteFrom('rate_limits').execute();
      const body = validateInput(rateLimitPutBody, { platforms: { ...valid, [budget]: { ...valid[budget], concurrency } } }, 'body');
      const refusal = await updateRateLimitConfig(runtime, body.platforms).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).issues).toEqual([{ path: `platforms.${budget}.concurrency`, message: `at most ${LANES}, the dispatcher's lanes (DISPATCH_CONCURRENCY)` }]);
      await expectConfig(await getRateLimitConfig(runtime), {});
    },
  );

  it('a concurrency stored above DISPATCH_CONCURRENCY (since lowered) is read as the lanes', async () => {
    await runtime.database.db.deleteFrom('rate_limits').execute();
    await saveRateLimitOverrides(runtime.database.db, [{ budget: 'youtube', concurrency: LANES + 3 }], new Date());
    await expectConfig(await getRateLimitConfig(runtime), {});
  });
});
