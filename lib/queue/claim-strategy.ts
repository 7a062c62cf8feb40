import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf, type SqlFlavor } from '../../db/sql-flavor.js';

export const CLAIM_STRATEGIES = ['skip-locked', 'conditional-update', 'sqlite-immediate'] as const;
export type ClaimStrategy = (typeof CLAIM_STRATEGIES)[number];

/**
 * Picks the claim strategy from the server's `SELECT VERSION()`:
 * - TiDB (`…-TiDB-…`) parses `SKIP LOCKED` but ignores it → conditional update;
 * - MariaDB supports `SKIP LOCKED` from 10.6, MySQL from 8.0 (PlanetScale/Vitess runs MySQL 8);
 * - anything older, or unknown → conditional update, which is safe everywhere.
 */
export function chooseClaimStrategy(flavor: SqlFlavor, version: string): ClaimStrategy {
  if (flavor === 'sqlite') return 'sqlite-immediate';
  if (/tidb/i.test(version)) return 'conditional-update';
  const [major = 0, minor = 0] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  if (/mariadb/i.test(version)) return major > 10 || (major === 10 && minor >= 6) ? 'skip-locked' : 'conditional-update';
  return major >= 8 ? 'skip-locked' : 'conditional-update';
}

/** `override` (e.g. from QUEUE_CLAIM_STRATEGY) wins; otherwise the server is asked. */
export async function detectClaimStrategy(db: Kysely<Database>, override?: ClaimStrategy): Promise<ClaimStrategy> {
  if (override) return override;
  const flavor = sqlFlavorOf(db);
  if (flavor === 'sqlite') return 'sqlite-immediate';
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  return chooseClaimStrategy(flavor, rows[0]?.version ?? '');
}
