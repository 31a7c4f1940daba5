import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SyncModule } from '../sync';
import { RateLimitCleanup } from './rate-limit-cleanup';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimiter } from './rate-limiter';

/** Request rate limits counted in PostgreSQL, so they hold however many API processes run. */
@Module({
  imports: [SyncModule],
  providers: [RateLimiter, RateLimitCleanup, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }],
  // For limits a service counts itself, e.g. per email address.
  exports: [RateLimiter],
})
export class RateLimitsModule {}
