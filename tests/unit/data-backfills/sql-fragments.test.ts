import { describe, expect, it } from '@jest/globals';
import { checkCondition, checkExpression, checkSelect, type Checked, type CheckedFragment } from '../../../lib/data-backfills/sql-fragments.js';

/** A checked fragment with its bound strings written back in (as the tests' expectations read). */
function rendered(checked: Checked<CheckedFragment>): Checked<string> {
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value.text.replace(/:sluice_p(\d+)/g, (_, i: string) => `'${checked.value.params[Number(i)]!.replaceAll("'", "''")}'`) };
}

const orders = { table: 'orders', columns: new Set(['id', 'tenant_id', 'status', 'total_minor', 'updated_at']) };
const tables = new Map([
  ['orders', orders.columns],
  ['connections', new Set(['id', 'status', 'platform'])],
]);

describe('checkCondition', () => {
  it.each([
    ["tenant_id = 'acme' AND status = 'legacy'", "`tenant_id` = 'acme' AND `status` = 'legacy'"],
    ["status IN ('legacy', 'old') OR total_minor > 10", "`status` IN ('legacy', 'old') OR `total_minor` > 10"],
    ["orders.status = 'legacy'", "`orders`.`status` = 'legacy'"],
    ['status IS NULL', '`status` IS NULL'],
    // A comment is no part of what runs: the expression is re-written from its tree.
    ["status = 'legacy' -- and whatever follows", "`status` = 'legacy'"],
    ["status = 'legacy' /* why */ AND total_minor > 0", "`status` = 'legacy' AND `total_minor` > 0"],
  ])('%s is re-written as %s', (fragment, sql) => {
    expect(rendered(checkCondition(fragment, orders))).toEqual({ ok: true, value: sql });
  });

  it.each([
    ["status = 'legacy'; DROP TABLE orders", /more than one statement/],
    ["status = 'legacy';", /statement separator/],
    ['id IN (SELECT id FROM connections)', /subquery/],
    ['EXISTS (SELECT 1 FROM orders)', /subquery/],
    ["state = 'legacy'", /"state", which is not a column of orders/],
    ["connections.status = 'active'", /"connections\.status": only orders's own columns/],
    ["status = 'legacy' LIMIT 10", /nothing after it/],
    ["status = 'legacy' ORDER BY id", /nothing after it/],
    ["status = 'legacy' GROUP BY id", /nothing after it/],
    ["status = 'legacy' UNION SELECT 1 FROM orders", /nothing after it|subquery/],
    ["status = 'legacy' FOR UPDATE", /nothing after it/],
    ["status = 'legacy' INTO OUTFILE '/tmp/x'", /nothing after it/],
    ["status = = 'legacy'", /is not valid SQL/],
    ['SLEEP(5) = 0', /calls SLEEP\(\)/],
    ["status = 'legacy' AND benchmark(100000000, md5('x')) = 0", /calls BENCHMARK\(\)/],
    ["get_lock('x', 10) = 1", /calls GET_LOCK\(\)/],
  ])('refuses %s', (fragment, message) => {
    const checked = checkCondition(fragment, orders);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.message).toMatch(message);
  });
});

describe('checkExpression', () => {
  it.each([
    ["'stamped'", "'stamped'"],
    ['total_minor * 2', '`total_minor` * 2'],
    ["CONCAT(status, '-v2')", "CONCAT(`status`, '-v2')"],
    ['NULL', 'NULL'],
  ])('%s is re-written as %s', (fragment, sql) => {
    expect(rendered(checkExpression(fragment, orders))).toEqual({ ok: true, value: sql });
  });

  it.each([
    ["'x'; DROP TABLE orders", /more than one statement/],
    ["'x', status = 'y'", /one SQL expression/],
    ["'x' WHERE id = 1", /nothing after it/],
    ["'x' LIMIT 1", /nothing after it/],
    ['(SELECT MAX(id) FROM orders)', /subquery/],
    ['old_status', /"old_status", which is not a column of orders/],
    ["LOAD_FILE('/etc/passwd')", /calls LOAD_FILE\(\)/],
    ['zeroblob(1000000000)', /calls ZEROBLOB\(\)/],
  ])('refuses %s', (fragment, message) => {
    const checked = checkExpression(fragment, orders);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.message).toMatch(message);
  });
});

describe('checkSelect', () => {
  it('takes one SELECT over known tables naming its column value, re-written', () => {
    expect(checkSelect("SELECT COUNT(*) AS value FROM orders WHERE status = 'legacy'", tables)).toEqual({ ok: true, value: { text: 'SELECT COUNT(*) AS `value` FROM `orders` WHERE `status` = :sluice_p0', params: ['legacy'] } });
  });

  it.each([
    ["DELETE FROM orders WHERE status = 'legacy'", /must be a SELECT/],
    ["UPDATE orders SET status = 'x'", /must be a SELECT/],
    ['SELECT COUNT(*) AS value FROM orders; DROP TABLE orders', /more than one statement/],
    ['SELECT COUNT(*) AS value FROM orders WHERE id IN (SELECT id FROM connections)', /subquery or UNION/],
    ['SELECT COUNT(*) AS value FROM orders UNION SELECT 1 AS value FROM orders', /subquery or UNION/],
    ['SELECT COUNT(*) AS value FROM data_backfill_rows', /"data_backfill_rows", which is not a Sluice table/],
    ['SELECT COUNT(*) AS n FROM orders', /`value`/],
    ['SELECT id AS value FROM orders FOR UPDATE', /lock/],
    ["SELECT id AS value FROM orders INTO OUTFILE '/tmp/x'", /INTO/],
    ['SELECT SLEEP(3600) AS value FROM orders', /calls SLEEP\(\)/],
    ["SELECT LENGTH(LOAD_FILE('/etc/passwd')) AS value FROM orders", /calls LOAD_FILE\(\)/],
  ])('refuses %s', (sql, message) => {
    const checked = checkSelect(sql, tables);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.message).toMatch(message);
  });
});
