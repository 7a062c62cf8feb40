/** DESIGN.md, Jobs: one active job per connection and type — `{tenant_id}:{platform}:{account_id}:{type}`. */
export function jobScope(job: { tenantId: string; platform: string; accountId: string; type: string }): string {
  return `${job.tenantId}:${job.platform}:${job.accountId}:${job.type}`;
}
