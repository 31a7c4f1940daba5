import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { SeedService } from './seed.service';

/**
 * Data a database starts with: the first administrator (AdminBootstrapService) and the demo
 * organisations and users (SeedService).
 */
@Module({
  imports: [UsersModule],
  providers: [SeedService, AdminBootstrapService],
  exports: [SeedService, AdminBootstrapService],
})
export class SeedModule {}
