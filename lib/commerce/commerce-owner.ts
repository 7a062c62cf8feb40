/**
 * Whose commerce rows a write is: the tenant, the platform the rows come from, and the
 * connection that fetched them. Every commerce table is keyed on (`tenant_id`, `platform`,
 * `platform_id`) (DESIGN.md "Tables"): a shop connected by two tenants gives each its own rows.
 */
export interface CommerceOwner {
  tenantId: string;
  platform: string;
  connectionId: number;
}
