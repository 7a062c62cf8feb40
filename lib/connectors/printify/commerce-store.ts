import { upsertOrders } from '../../commerce/orders.repository.js';
import { deleteProductsNotSeenSince, upsertProducts } from '../../commerce/products.repository.js';
import { advanceSyncCursor, getSyncState, markCompletedRead } from '../../commerce/sync-cursors.repository.js';

/**
 * The commerce repositories Printify's tasks write through, handed to the task factories so
 * their paging, checkpoints and cursors are tested without a database (the repositories have
 * their own integration tests).
 */
export const commerceStore = { upsertOrders, upsertProducts, deleteProductsNotSeenSince, getSyncState, advanceSyncCursor, markCompletedRead };
export type CommerceStore = typeof commerceStore;
