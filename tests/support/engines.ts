import { describe } from '@jest/globals';
import { testEnv } from './test-env.js';
import type { TestEngine } from './test-databases.js';

/**
 * Declares a suite once per engine in TEST_ENGINES (default: both). A MySQL suite whose
 * server is unreachable fails, naming the server (see createTestDatabase).
 */
export function describeEachEngine(name: string, body: (engine: TestEngine) => void): void {
  for (const engine of ['sqlite', 'mysql'] as const) {
    if (!testEnv.engines.includes(engine)) continue;
    describe(`${name} [${engine}]`, () => body(engine));
  }
}
