import type { ConnectionStatus } from '../../db/tables/connections.table.js';
import type { Runtime } from '../runtime.js';
import { listConnectionSummaries } from './connections.repository.js';

/** `GET /api/admin/connections` (DESIGN.md "Contracts"): each tenant's accounts with status — never a token. */
export interface ConnectionView {
  id: number;
  tenant_id: string;
  platform: string;
  account_id: string;
  display_name: string | null;
  status: ConnectionStatus;
  scopes: string;
  last_error: string | null;
  /** What the grant cannot read, e.g. Shopify orders older than 60 days without `read_all_orders`. */
  limitations: string[];
  created_at: string;
}

export async function listConnectionsView(
  runtime: Runtime,
  filter: { tenantId?: string; platform?: string; status?: ConnectionStatus },
): Promise<{ connections: ConnectionView[] }> {
  const rows = await listConnectionSummaries(runtime.database.db, filter);
  return {
    connections: rows.map((row) => ({
      id: row.id,
      tenant_id: row.tenantId,
      platform: row.platform,
      account_id: row.externalAccountId,
      display_name: row.displayName,
      status: row.status,
      scopes: row.scopes,
      last_error: row.lastError,
      limitations: row.limitations,
      created_at: row.createdAt.toISOString(),
    })),
  };
}
