/** DESIGN.md, Jobs: one active job per connection and type — `{tenant_id}:{platform}:{account_id}:{type}`. */
export function jobScope(job: { tenantId: string; platform: string; accountId: string; type: string }): string {
  return `${job.tenantId}:${job.platform}:${job.accountId}:${job.type}`;
}

/**
 * The range every scope of a tenant sorts in, with binary collation: from `{tenant_id}:`
 * (inclusive) to `{tenant_id};` (exclusive; `;` follows `:`). A tenant id that itself holds a
 * `:` may share another tenant's range, so a reader filters by tenant too.
 */
export function tenantScopeRange(tenantId: string): { from: string; to: string } {
  return { from: `${tenantId}:`, to: `${tenantId};` };
}
