import { describe, expect, it } from '@jest/globals';
import { rollbackFileName, rollbackSql, sqlLiteral } from '../../../lib/data-backfills/rollback-sql.js';

describe('sqlLiteral', () => {
  it('doubles quotes on both engines, and backslashes only on MySQL (SQLite has no escapes)', () => {
    expect(sqlLiteral("O'Brien \\ x", 'mysql')).toBe("'O''Brien \\\\ x'");
    expect(sqlLiteral("O'Brien \\ x", 'sqlite')).toBe("'O''Brien \\ x'");
    expect(sqlLiteral("'; DROP TABLE orders; --", 'sqlite')).toBe("'''; DROP TABLE orders; --'");
  });

  it('writes NULL, numbers, booleans and JSON values as literals', () => {
    expect(sqlLiteral(null, 'mysql')).toBe('NULL');
    expect(sqlLiteral(undefined, 'sqlite')).toBe('NULL');
    expect(sqlLiteral(-12.5, 'mysql')).toBe('-12.5');
    expect(sqlLiteral(9007199254740993n, 'sqlite')).toBe('9007199254740993');
    expect(sqlLiteral(true, 'mysql')).toBe('1');
    expect(sqlLiteral({ a: "b'c" }, 'sqlite')).toBe(`'{"a":"b''c"}'`);
    expect(() => sqlLiteral(Number.NaN, 'mysql')).toThrow(RangeError);
  });
});

describe('rollbackSql', () => {
  const rows = [
    { key: [1], before: { status: 'legacy', note: null }, after: { status: 'stamped', note: "it's" } },
    { key: [2], before: { status: "a\\'b", note: 'x' }, after: { status: 'stamped', note: null } },
  ];
  const input = { runId: 7, name: 'stamp', table: 'orders', key: ['id'], where: "status = 'legacy'\n  AND tenant_id = 'acme'", appliedAt: new Date('2026-11-29T23:59:59Z'), rows };

  it('restores each row with one UPDATE guarded by its key and its after-image (IS NULL for NULL), in a transaction', () => {
    const text = rollbackSql({ ...input, flavor: 'sqlite' });
    const statements = text.split('\n').filter((line) => line.startsWith('UPDATE'));
    expect(statements).toEqual([
      `UPDATE "orders" SET "status" = 'legacy', "note" = NULL WHERE "id" = 1 AND "status" = 'stamped' AND "note" = 'it''s';`,
      `UPDATE "orders" SET "status" = 'a\\''b', "note" = 'x' WHERE "id" = 2 AND "status" = 'stamped' AND "note" IS NULL;`,
    ]);
    expect(text).toMatch(/\nBEGIN;\nUPDATE[^]*;\nCOMMIT;\n$/);
    expect(text).toContain(`-- Rollback of data-backfill run 7 (stamp) on orders, for SQLite`);
    expect(text).toContain(`2 changed rows, one UPDATE each, restoring status, note.`);
    expect(text).toContain(`SELECT COUNT(*) FROM "orders" WHERE status = 'legacy' AND tenant_id = 'acme';`);
  });

  it('quotes for MySQL: backticks, doubled backslashes, START TRANSACTION', () => {
    const text = rollbackSql({ ...input, flavor: 'mysql' });
    expect(text).toContain("UPDATE `orders` SET `status` = 'a\\\\''b', `note` = 'x' WHERE `id` = 2 AND `status` = 'stamped' AND `note` IS NULL;");
    expect(text).toContain('\nSTART TRANSACTION;\n');
    // No comment line spills onto a line of its own: every header line is a comment.
    const header = text.slice(0, text.indexOf('\n\n'));
    expect(header.split('\n').every((line) => line.startsWith('--'))).toBe(true);
  });

  it("names the file after the apply's UTC day", () => {
    expect(rollbackFileName(new Date('2026-11-29T23:59:59Z'))).toBe('rollback_2026-11-29.sql');
    expect(rollbackFileName(new Date('2026-11-30T00:30:00+02:00'))).toBe('rollback_2026-11-29.sql');
  });
});
