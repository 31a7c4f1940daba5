import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit';
import { OrganizationsModule } from '../organizations';
import { UsersModule } from '../users';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { ApiToken } from './entities/api-token.entity';

/** Organisation and personal API tokens (`ptk_…`); the JWT strategy asks ApiTokensService about them. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken]), AuditModule, OrganizationsModule, UsersModule],
  controllers: [ApiTokensController],
  // Changes made with a token are audited by auditApiTokenChanges (api-token-audit.ts, app.setup.ts).
  providers: [ApiTokensService],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
