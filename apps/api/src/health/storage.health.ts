import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StorageService } from '../storage';

@Injectable()
export class StorageHealthIndicator {
  constructor(
    private readonly storage: StorageService,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    try {
      await this.storage.ping(timeoutMs);
      return indicator.up({ bucket: this.storage.bucket });
    } catch (error) {
      return indicator.down({ bucket: this.storage.bucket, message: (error as Error).name });
    }
  }
}
