import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit';
import { OrganizationsModule } from '../organizations';
import { UsersModule } from '../users';
import { ApiTokenAuditInterceptor } from './api-token-audit.interceptor';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { ApiToken } from './entities/api-token.entity';

/** Organisation and personal API tokens (`ptk_…`); the JWT strategy asks ApiTokensService about them. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken]), AuditModule, OrganizationsModule, UsersModule],
  controllers: [ApiTokensController],
  providers: [ApiTokensService, { provide: APP_INTERCEPTOR, useClass: ApiTokenAuditInterceptor }],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
