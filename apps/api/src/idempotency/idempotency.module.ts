import { Global, Module } from '@nestjs/common';
import { SyncModule } from '../sync';
import { IdempotencyCleanup } from './idempotency-cleanup';
import { IdempotencyKeys } from './idempotency-keys';
import { IdempotencyInterceptor } from './idempotent.decorator';

/**
 * `@Idempotent()` routes (apps/api/src/idempotency/idempotent.decorator.ts). Global so that any
 * module's controller can use the decorator without importing this module.
 */
@Global()
@Module({
  imports: [SyncModule],
  providers: [IdempotencyKeys, IdempotencyInterceptor, IdempotencyCleanup],
  exports: [IdempotencyKeys, IdempotencyInterceptor],
})
export class IdempotencyModule {}
