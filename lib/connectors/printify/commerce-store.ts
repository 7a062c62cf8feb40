import { upsertOrders } from '../../commerce/orders.repository.js';
import { upsertProducts } from '../../commerce/products.repository.js';
import { advanceSyncCursor, getSyncCursor } from '../../commerce/sync-cursors.repository.js';

/**
 * The commerce repositories Printify's tasks write through, handed to the task factories so
 * their paging, checkpoints and cursors are tested without a database (the repositories have
 * their own integration tests).
 */
export const commerceStore = { upsertOrders, upsertProducts, getSyncCursor, advanceSyncCursor };
export type CommerceStore = typeof commerceStore;
