import type { Logger } from '@atrium/logging';

type Step = { name: string; run: () => Promise<void> };
const steps: Step[] = [];
let shuttingDown: Promise<void> | undefined;

/** Registers a step run on SIGTERM/SIGINT, last registered first (stop accepting work, then close stores). */
export function onShutdown(name: string, run: () => Promise<void>): void {
  steps.unshift({ name, run });
}

/**
 * Runs the steps once, in order, and exits. A deadline under Docker's 10 s grace period guarantees
 * the process exits on its own terms even when a step hangs.
 */
export function installShutdownHandlers(logger: Logger, deadlineMs = 8000): void {
  const shutdown = (signal: string) => {
    shuttingDown ??= (async () => {
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error({ deadlineMs }, 'shutdown deadline passed, exiting');
        process.exit(1);
      }, deadlineMs);
      timer.unref();
      for (const step of steps) {
        try {
          await step.run();
        } catch (error) {
          logger.error({ err: error, step: step.name }, 'shutdown step failed');
        }
      }
      logger.info('stopped');
      logger.flush?.();
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
