import { Module } from '@nestjs/common';
import { SyncModule } from '../sync';
import { RateLimitCleanup } from './rate-limit-cleanup';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';

/** Request rate limits counted in PostgreSQL, so they hold however many API processes run. */
@Module({
  imports: [SyncModule],
  providers: [RateLimiter, RateLimitCleanup, RateLimitGuard],
  // RateLimitGuard: made a global guard by auth/auth.module.ts, after authentication. RateLimiter: for
  // limits a service counts itself, e.g. per email address.
  exports: [RateLimiter, RateLimitGuard],
})
export class RateLimitsModule {}
