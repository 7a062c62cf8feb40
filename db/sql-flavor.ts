import { MysqlAdapter, type Kysely } from 'kysely';

/**
 * The SQL flavour a Kysely instance (or transaction) speaks. MySQL, MariaDB, TiDB and
 * PlanetScale share MysqlAdapter; everything else here is SQLite.
 */
export type SqlFlavor = 'mysql' | 'sqlite';

export function sqlFlavorOf(db: Kysely<any>): SqlFlavor {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}
