/** The `job_tasks` repository: every SQL statement on the queue table lives in this folder. */
export { claimTasks, CONTENDED_CLAIM_RETRIES, CONTENDED_CLAIM_WAIT_MS, type ClaimedBatch, type ClaimOptions } from './claim-tasks.js';
export { enqueueTasks, DEFAULT_MAX_ATTEMPTS, type NewTask } from './enqueue-tasks.js';
export { commitTaskStep } from './commit-step.js';
export { completeTasks, extendLease, failTask, releaseTasks, stillLeased, type LeasedTask } from './finish-tasks.js';
export {
  type RequeueOptions,
  type RequeuedPriority,
  type StatusCounts,
  cancelJobTasks,
  countJobSteps,
  countQueuedTasks,
  countTasksByStatus,
  holdTaskForApproval,
  moveUnfinishedTasks,
  pauseJobTasks,
  reclaimExpiredLeases,
  releaseApprovedTask,
  releaseWaitingTask,
  replaceQueuedPayloads,
  requeueCancelledTasks,
  requeueTasks,
  restartQueuedTasks,
  resumeJobTasks,
  resumePausedTasks,
  setTaskPayload,
} from './maintain-tasks.js';
export {
  approvalTaskOf,
  countJobTasksByKind,
  findTasksByDedupeKeys,
  hasTasksPausedByJob,
  highestUnfinishedPriority,
  kindsWithUnfinishedTasks,
  listJobTaskFacts,
  listJobTasksOfKind,
  listJobTaskStates,
  queueFront,
  type ExistingTask,
  type KindCounts,
  type PriorityBand,
} from './inspect-tasks.js';
export { deferBudgetTasks, pauseBudgetTasks, resumeBudgetTasks, undeferBudgetTasks, type BudgetTaskSelection } from './budget-holds.js';
export { toTask, type Task } from './task-row.js';
