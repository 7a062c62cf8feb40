import { sql, type RawBuilder } from 'kysely';
import type { CheckedFragment } from './sql-fragments.js';

/**
 * A checked fragment as Kysely SQL: its re-written text with each `:sluice_pN` bound to its
 * literal. The text holds no other `:sluice_p` (identifiers are checked plain names, strings are
 * all parameters), so the split is exact.
 */
export function fragmentSql(fragment: CheckedFragment): RawBuilder<unknown> {
  const parts = fragment.text.split(/:sluice_p(\d+)\b/);
  const pieces: RawBuilder<unknown>[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      if (part !== '') pieces.push(sql.raw(part));
    } else {
      pieces.push(sql`${fragment.params[Number(part)]}`);
    }
  });
  return sql.join(pieces, sql``);
}
