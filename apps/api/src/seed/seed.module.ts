import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SeedService } from './seed.service';

/** Demo data for development on the embedded database (see SeedService). */
@Module({ imports: [UsersModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
