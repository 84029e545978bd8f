import { Injectable } from '@nestjs/common';

// Flipped once on SIGTERM/SIGINT: /health/ready answers 503 from then on so load balancers
// take the instance out before it stops accepting connections.
@Injectable()
export class ShutdownState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  beginDrain(): void {
    this.draining = true;
  }
}
