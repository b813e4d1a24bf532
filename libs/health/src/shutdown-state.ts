import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Whether the application is shutting down. Readiness reports 503 from then on. Nest calls
 * onModuleDestroy first when the application closes, before the HTTP server stops accepting, so
 * the flag covers the whole drain even when nothing marks it earlier.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private shuttingDown = false;

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  onModuleDestroy(): void {
    this.markShuttingDown();
  }
}
