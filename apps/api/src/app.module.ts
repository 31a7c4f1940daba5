import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from './config';
import { LoggingModule } from './logging';
import { AuditModule } from './audit';
import { ApiTokensModule } from './api-tokens';
import { AuthModule } from './auth';
import { CalendarModule } from './calendar';
import { OutboundWebhooksModule } from './outbound-webhooks';
import { ConsoleModule } from './console';
import { ConnectorsStatusModule } from './connectors-status';
import { DatabaseModule } from './database';
import { FeedbackModule } from './feedback';
import { FilesModule } from './files';
import { HealthModule } from './health';
import { MailModule } from './mail';
import { NotificationsModule } from './notifications';
import { RateLimitsModule } from './rate-limits';
import { IdempotencyModule } from './idempotency';
import { OrganizationsModule } from './organizations';
import { PurchaseOrdersModule } from './purchase-orders';
import { TransmittalsModule } from './transmittals';
import { SharingModule } from './sharing';
import { SeedModule } from './seed';
import { StorageModule } from './storage';
import { SyncModule } from './sync';
import { UsersModule } from './users';
import { WorkspacesModule } from './workspaces';
import { WhatChangedModule } from './what-changed';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        StorageModule,
        HealthModule,
        AuditModule,
        MailModule,
        OrganizationsModule,
        UsersModule,
        AuthModule,
        SeedModule,
        WorkspacesModule,
        SharingModule,
        FilesModule,
        SyncModule,
        ConnectorsStatusModule,
        FeedbackModule,
        NotificationsModule,
        WhatChangedModule,
        PurchaseOrdersModule,
        TransmittalsModule,
        RateLimitsModule,
        IdempotencyModule,
        ConsoleModule,
        ApiTokensModule,
        CalendarModule,
        OutboundWebhooksModule,
      ],
    };
  }
}
