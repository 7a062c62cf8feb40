import type { JobList, JobListQuery } from './admin-schemas.js';
import type { AdminClient, Answer } from './admin-client.js';

/**
 * Every page of a job list, following `next_cursor` until it is null. The JSON is the
 * pages' jobs under one `{jobs, next_cursor: null}`, the shape of a single page. A cursor
 * seen twice ends the walk: a server bug must not loop the CLI forever.
 */
export async function listAllJobs(client: Pick<AdminClient, 'listJobs'>, query: JobListQuery): Promise<Answer<JobList>> {
  const jobs: JobList['jobs'] = [];
  const json: unknown[] = [];
  const seen = new Set<string>();
  let cursor = query.cursor;
  for (;;) {
    const page = await client.listJobs(cursor === undefined ? query : { ...query, cursor });
    jobs.push(...page.value.jobs);
    json.push(...jobsOf(page.json));
    const next = page.value.next_cursor ?? null;
    if (next === null || seen.has(next)) break;
    seen.add(next);
    cursor = next;
  }
  return { value: { jobs, next_cursor: null }, json: { jobs: json, next_cursor: null } };
}

function jobsOf(json: unknown): unknown[] {
  const jobs = (json as { jobs?: unknown }).jobs;
  return Array.isArray(jobs) ? jobs : [];
}
