import { describe, expect, it } from '@jest/globals';
import { chooseClaimStrategy } from '../../../lib/queue/claim-strategy.js';

describe('chooseClaimStrategy', () => {
  it.each([
    ['10.11.19-MariaDB-0+deb12u1', 'skip-locked'],
    ['10.6.4-MariaDB', 'skip-locked'],
    ['10.5.23-MariaDB', 'conditional-update'],
    ['11.4.2-MariaDB', 'skip-locked'],
    ['8.0.36', 'skip-locked'],
    ['8.0.23-PlanetScale', 'skip-locked'],
    ['5.7.44-log', 'conditional-update'],
    ['8.0.11-TiDB-v7.5.1', 'conditional-update'],
    ['5.7.25-TiDB-v6.5.0', 'conditional-update'],
    ['', 'conditional-update'],
  ] as const)('%s → %s', (version, strategy) => {
    expect(chooseClaimStrategy('mysql', version)).toBe(strategy);
  });

  it('uses the immediate transaction on SQLite', () => {
    expect(chooseClaimStrategy('sqlite', '3.50.0')).toBe('sqlite-immediate');
  });
});
