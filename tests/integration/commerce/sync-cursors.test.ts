import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { advanceSyncCursor, getSyncCursor, getSyncState, markCompletedRead } from '../../../lib/commerce/sync-cursors.repository.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');
const LATER = new Date('2026-04-02T00:00:00.000Z');

describeEachEngine('sync_cursors', (engine) => {
  let database: TestDatabase;
  const advance = (connectionId: number, entity: 'orders' | 'payments', value: string, now = NOW) =>
    inTransaction(database.db, (trx) => advanceSyncCursor(trx, connectionId, entity, new Date(value), now));

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('sync_cursors').execute();
  });

  it('is null before the first step, then the value committed, to the millisecond', async () => {
    expect(await getSyncCursor(database.db, 1, 'orders')).toBeNull();
    await advance(1, 'orders', '2026-03-01T10:00:00.123Z');
    expect(await getSyncCursor(database.db, 1, 'orders')).toEqual(new Date('2026-03-01T10:00:00.123Z'));
    expect(await database.db.selectFrom('sync_cursors').select(['connection_id', 'entity', 'cursor_value', 'updated_at']).execute()).toEqual([
      { connection_id: 1, entity: 'orders', cursor_value: '2026-03-01T10:00:00.123Z', updated_at: '2026-04-01 00:00:00.000' },
    ]);
  });

  it('never moves backwards: an older value keeps the newer one (and its updated_at); a newer one advances', async () => {
    await advance(1, 'orders', '2026-03-01T10:00:00.000Z');
    await advance(1, 'orders', '2026-02-01T10:00:00.000Z', LATER);
    await advance(1, 'orders', '2026-03-01T09:59:59.999Z', LATER);
    expect(await getSyncCursor(database.db, 1, 'orders')).toEqual(new Date('2026-03-01T10:00:00.000Z'));
    expect((await database.db.selectFrom('sync_cursors').select('updated_at').executeTakeFirstOrThrow()).updated_at).toBe('2026-04-01 00:00:00.000');
    await advance(1, 'orders', '2026-03-01T10:00:00.001Z', LATER);
    expect(await getSyncCursor(database.db, 1, 'orders')).toEqual(new Date('2026-03-01T10:00:00.001Z'));
  });

  it('keeps one cursor per (connection, entity)', async () => {
    await advance(1, 'orders', '2026-03-01T00:00:00.000Z');
    await advance(1, 'payments', '2026-01-01T00:00:00.000Z');
    await advance(2, 'orders', '2025-12-01T00:00:00.000Z');
    await advance(1, 'orders', '2026-03-02T00:00:00.000Z');
    expect([await getSyncCursor(database.db, 1, 'orders'), await getSyncCursor(database.db, 1, 'payments'), await getSyncCursor(database.db, 2, 'orders')]).toEqual([
      new Date('2026-03-02T00:00:00.000Z'),
      new Date('2026-01-01T00:00:00.000Z'),
      new Date('2025-12-01T00:00:00.000Z'),
    ]);
    expect(await database.db.selectFrom('sync_cursors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 3 });
  });

  it('a completed read marks scanned_until and full_read_at beside the cursor, never backwards, and only on a cursor that exists', async () => {
    const mark = (scannedUntil: string, fullReadAt: string | null, connectionId = 1) =>
      inTransaction(database.db, (trx) => markCompletedRead(trx, connectionId, 'payments', { scannedUntil: new Date(scannedUntil), fullReadAt: fullReadAt === null ? null : new Date(fullReadAt) }, LATER));
    await mark('2026-04-01T00:00:00.000Z', null);
    expect(await getSyncState(database.db, 1, 'payments')).toBeNull();
    await advance(1, 'payments', '2026-03-01T00:00:00.000Z');
    expect(await getSyncState(database.db, 1, 'payments')).toEqual({ cursor: new Date('2026-03-01T00:00:00.000Z'), scannedUntil: null, fullReadAt: null });
    await mark('2026-04-01T00:00:00.000Z', null);
    await mark('2026-03-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z');
    await mark('2026-03-20T00:00:00.000Z', '2026-03-10T00:00:00.000Z');
    expect(await getSyncState(database.db, 1, 'payments')).toEqual({
      cursor: new Date('2026-03-01T00:00:00.000Z'),
      scannedUntil: new Date('2026-04-01T00:00:00.000Z'),
      fullReadAt: new Date('2026-03-15T00:00:00.000Z'),
    });
    // The cursor keeps its DESIGN.md meaning: marks do not move it.
    expect(await getSyncCursor(database.db, 1, 'payments')).toEqual(new Date('2026-03-01T00:00:00.000Z'));
  });

  it('moves with the transaction of its step: rolled back together', async () => {
    await advance(1, 'orders', '2026-03-01T00:00:00.000Z');
    await expect(
      inTransaction(database.db, async (trx) => {
        await advanceSyncCursor(trx, 1, 'orders', new Date('2026-03-05T00:00:00.000Z'), NOW);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    expect(await getSyncCursor(database.db, 1, 'orders')).toEqual(new Date('2026-03-01T00:00:00.000Z'));
  });
});
