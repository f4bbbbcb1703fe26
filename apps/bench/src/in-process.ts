/**
 * Runs `task` in this thread (`--workers 0`) so that a substrate that throws asynchronously (an error
 * in a timer, an unhandled rejection) or calls `process.exit` fails only this task: while it runs,
 * such errors reject it, and `process.exit` throws instead of ending the process. One guarded task
 * runs at a time. A synchronous endless loop cannot be stopped in this thread: use worker threads.
 */
export async function runGuarded<T>(task: () => Promise<T>): Promise<T> {
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const onError = (error: unknown) => fail(error);
  const exit = process.exit;
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.exit = ((code?: number | string | null) => {
    const error = new Error(`the substrate called process.exit(${code ?? ''})`);
    fail(error);
    throw error;
  }) as typeof process.exit;
  try {
    return await Promise.race([task(), failed]);
  } finally {
    process.exit = exit;
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  }
}
