import { describe } from '@jest/globals';
import { testEnv } from './test-env.js';
import type { TestEngine } from './test-databases.js';

/**
 * Declares a suite once per engine. Engines are fixed at collection time from TEST_ENGINES;
 * a MySQL suite whose server is unreachable fails in beforeAll under CI and skips otherwise
 * (see createTestDatabase / availableEngines).
 */
export function describeEachEngine(name: string, body: (engine: TestEngine) => void): void {
  for (const engine of ['sqlite', 'mysql'] as const) {
    if (!testEnv.engines.includes(engine)) continue;
    describe(`${name} [${engine}]`, () => body(engine));
  }
}
