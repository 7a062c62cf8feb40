/**
 * InnoDB resolves lock cycles by killing one transaction (ER_LOCK_DEADLOCK 1213) and may give
 * up waiting (ER_LOCK_WAIT_TIMEOUT 1205); TiDB reports write conflicts as 9007. The statement
 * is safe to run again from the start, so these are retried a few times with a short,
 * jittered pause. Any other error passes through.
 */
const RETRYABLE_ERRNOS = new Set([1213, 1205, 9007]);

export function isTransientLockError(error: unknown): boolean {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' && RETRYABLE_ERRNOS.has(errno);
}

export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransientLockError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
    }
  }
}
