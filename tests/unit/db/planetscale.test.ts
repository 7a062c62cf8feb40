import { describe, expect, it } from '@jest/globals';
import { createDatabase } from '../../../db/create-database.js';
import { claimTasks, enqueueTasks } from '../../../lib/queue/repository/index.js';

/**
 * PlanetScale cannot be reached from here, so its HTTP driver (@planetscale/database through
 * kysely-planetscale) talks to a recording fetch that answers in PlanetScale's wire format.
 * What is checked: the URL and credentials it is configured with, and the SQL it is sent —
 * in particular that a claim is one short transaction on one session.
 */
interface Sent {
  url: string;
  authorization: string | null;
  query: string;
  session: unknown;
}

function fakePlanetScale(rowsFor: (query: string) => { fields: string[]; rows: string[][] } = () => ({ fields: [], rows: [] })) {
  const sent: Sent[] = [];
  let sessions = 0;
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { query: string; session: unknown };
    const headers = new Headers(init?.headers);
    sent.push({ url: String(input), authorization: headers.get('authorization'), query: body.query, session: body.session });
    const { fields, rows } = rowsFor(body.query);
    const session = body.session ?? { id: `s${++sessions}` };
    const result = {
      fields: fields.map((name) => ({ name, type: 'VARCHAR' })),
      rows: rows.map((values) => ({ lengths: values.map((v) => String(Buffer.byteLength(v))), values: Buffer.from(values.join('')).toString('base64') })),
      rowsAffected: /^insert|^update/i.test(body.query) ? '3' : '0',
      insertId: '0',
    };
    return new Response(JSON.stringify({ session, result, timing: 0.001 }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

describe('PlanetScale over HTTP', () => {
  it('is configured from planetscale://user:password@host/db and sends HTTPS requests with basic auth', async () => {
    const fake = fakePlanetScale(() => ({ fields: ['1'], rows: [['1']] }));
    const database = await createDatabase('planetscale://app-user:pscale_pw_secret@aws.connect.psdb.cloud/sluice', { fetch: fake.fetch });
    expect(database.engine).toBe('planetscale');
    expect(fake.sent[0]).toMatchObject({ url: 'https://aws.connect.psdb.cloud/psdb.v1alpha1.Database/Execute', query: 'select 1' });
    expect(fake.sent[0]!.authorization).toBe(`Basic ${Buffer.from('app-user:pscale_pw_secret').toString('base64')}`);
    await database.destroy();
  });

  it('enqueues with one multi-row INSERT … ON DUPLICATE KEY UPDATE', async () => {
    const fake = fakePlanetScale();
    const { db, destroy } = await createDatabase('planetscale://u:p@h.example/db', { fetch: fake.fetch });
    const now = new Date('2026-11-22T10:00:00.000Z');
    const result = await enqueueTasks(db, ['a', 'b', 'c'].map((key) => ({ tenantId: 't', platform: 'test', kind: 'noop', dedupeKey: key, payload: { key } })), now);
    expect(result).toEqual({ inserted: 3 });
    const insert = fake.sent.at(-1)!.query;
    expect(insert).toMatch(/^insert into `job_tasks` \(.*\) values \(.*\), \(.*\), \(.*\) on duplicate key update `id` = `id`$/);
    expect(insert).toContain("'2026-11-22 10:00:00.000'");
    await destroy();
  });

  it('claims in one short transaction on one session: BEGIN, SELECT … FOR UPDATE SKIP LOCKED, UPDATE, COMMIT', async () => {
    const fields = ['id', 'tenant_id', 'kind', 'dedupe_key', 'payload', 'status', 'priority', 'run_after', 'attempts', 'max_attempts', 'lease_token', 'lease_expires_at', 'last_error', 'job_id', 'created_at', 'updated_at'];
    const row = ['7', 't', 'noop', 'k7', '{"a":1}', 'queued', '0', '2026-11-22 09:00:00.000', '0', '5', '', '', '', '', '2026-11-22 09:00:00.000', '2026-11-22 09:00:00.000'];
    const fake = fakePlanetScale((query) => (query.startsWith('select `job_tasks`') || query.startsWith('select *') ? { fields, rows: [row] } : { fields: [], rows: [] }));
    const { db, destroy } = await createDatabase('planetscale://u:p@h.example/db', { fetch: fake.fetch });
    const before = fake.sent.length;
    const batch = await claimTasks(db, 'skip-locked', { batchSize: 10, leaseMs: 30_000, now: new Date('2026-11-22T10:00:00.000Z') });
    const claim = fake.sent.slice(before);
    expect(claim.map((s) => s.query.split(' ')[0]!.toUpperCase())).toEqual(['BEGIN', 'SELECT', 'UPDATE', 'COMMIT']);
    expect(claim[1]!.query).toMatch(/where `status` in \('queued'\) and `run_after` <= '2026-11-22 10:00:00.000' order by `priority`, `run_after`, `id` limit 10 for update skip locked$/);
    expect(claim[2]!.query).toMatch(/^update `job_tasks` set `status` = 'running', `lease_token` = '[\w-]{36}', `lease_expires_at` = '2026-11-22 10:00:30.000', `run_steps` = 0, `updated_at` = '2026-11-22 10:00:00.000', `attempts` = attempts \+ 1 where `id` in \('7'\)$/);
    // Every statement of the transaction rides the session BEGIN opened.
    const session = claim[1]!.session;
    expect(session).toBeTruthy();
    expect(claim.slice(2).every((s) => JSON.stringify(s.session) === JSON.stringify(session))).toBe(true);
    expect(batch.tasks).toEqual([expect.objectContaining({ id: 7, dedupeKey: 'k7', status: 'running', attempts: 1, payload: { a: 1 } })]);
    await destroy();
  });
});
