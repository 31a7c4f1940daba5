import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from './config';
import { traceLogFields, tracingEnabled } from './tracing';
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
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // trace_id/span_id on every line written inside a trace; no mixin at all when tracing is off.
            ...(tracingEnabled() ? { mixin: traceLogFields } : {}),
            // Fastify's request.id (genReqId in app.setup.ts), which middie hands to pino-http as req.id.
            genReqId: (req) => String(req.headers['x-request-id']),
            // One line per request with its id, method, URL, client, status and time. pino-http serialises
            // the request for every request (whatever the level), so it stays small: no headers, which
            // also keeps tokens and cookies out of the log without a redaction pass.
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => req.url?.startsWith('/api/health') ?? false },
          },
        }),
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
