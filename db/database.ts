import type { BudgetPaceTable, BudgetUsageTable } from './tables/budget-store.table.js';
import type { BackfillJobsTable } from './tables/backfill-jobs.table.js';
import type {
  CustomersTable,
  DailyFinancialsTable,
  FinancialDaysDirtyTable,
  LineItemsTable,
  ListingsTable,
  OrdersTable,
  PaymentsTable,
  ProductsTable,
  ProductVariantsTable,
  SyncCursorsTable,
} from './tables/commerce.table.js';
import type { ChannelDailyMetricsTable } from './tables/channel-daily-metrics.table.js';
import type { ConnectionsTable } from './tables/connections.table.js';
import type { BackupSnapshotsTable, CategoriesTable, CategoryVideosTable, SyncVideoOperationsTable } from './tables/playlist-sync.table.js';
import type { DataBackfillApprovalsTable, DataBackfillBatchesTable, DataBackfillRowsTable, DataBackfillRunsTable, DataBackfillSamplesTable } from './tables/data-backfills.table.js';
import type { OAuthStatesTable } from './tables/oauth-states.table.js';
import type { JobTasksTable } from './tables/job-tasks.table.js';
import type { RateLimitsTable } from './tables/rate-limits.table.js';
import type { VideoDailyMetricsTable } from './tables/video-daily-metrics.table.js';
import type { VideoCataloguesTable, VideosTable } from './tables/video-catalogue.table.js';

export interface Database {
  job_tasks: JobTasksTable;
  backfill_jobs: BackfillJobsTable;
  connections: ConnectionsTable;
  video_daily_metrics: VideoDailyMetricsTable;
  rate_limits: RateLimitsTable;
  channel_daily_metrics: ChannelDailyMetricsTable;
  budget_pace: BudgetPaceTable;
  budget_usage: BudgetUsageTable;
  orders: OrdersTable;
  line_items: LineItemsTable;
  listings: ListingsTable;
  products: ProductsTable;
  product_variants: ProductVariantsTable;
  payments: PaymentsTable;
  customers: CustomersTable;
  sync_cursors: SyncCursorsTable;
  daily_financials: DailyFinancialsTable;
  financial_days_dirty: FinancialDaysDirtyTable;
  oauth_states: OAuthStatesTable;
  categories: CategoriesTable;
  category_videos: CategoryVideosTable;
  sync_video_operations: SyncVideoOperationsTable;
  backup_snapshots: BackupSnapshotsTable;
  data_backfill_runs: DataBackfillRunsTable;
  data_backfill_approvals: DataBackfillApprovalsTable;
  data_backfill_batches: DataBackfillBatchesTable;
  data_backfill_rows: DataBackfillRowsTable;
  data_backfill_samples: DataBackfillSamplesTable;
  videos: VideosTable;
  video_catalogues: VideoCataloguesTable;
}
