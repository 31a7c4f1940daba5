import { Injectable } from '@nestjs/common';

/** Set when the process begins a graceful shutdown (main.ts): readiness answers 503 from then on. */
@Injectable()
export class ShutdownState {
  private stopping = false;

  begin(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }
}
