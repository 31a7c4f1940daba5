import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { traceLogFields, tracingEnabled } from './tracing/tracing';
import { AuditModule } from './audit/audit.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import { ConnectorsStatusModule } from './connectors-status/connectors-status.module';
import { DatabaseModule } from './database/database.module';
import { FeedbackModule } from './feedback/feedback.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PurchaseOrdersModule } from './purchase-orders/purchase-orders.module';
import { TransmittalsModule } from './transmittals/transmittals.module';
import { SharingModule } from './sharing/sharing.module';
import { SeedModule } from './seed/seed.module';
import { StorageModule } from './storage/storage.module';
import { SyncModule } from './sync/sync.module';
import { UsersModule } from './users/users.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

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
        PurchaseOrdersModule,
        TransmittalsModule,
        RateLimitsModule,
        IdempotencyModule,
        ConsoleModule,
        ApiTokensModule,
        CalendarModule,
      ],
    };
  }
}
