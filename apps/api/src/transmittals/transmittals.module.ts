import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { connectorClientProviders } from '../config';
import { DownloadPolicyModule } from '../download-policy';
import { FilesModule } from '../files';
import { OrganizationsModule } from '../organizations';
import { SharingModule } from '../sharing';
import { PermanentJobError, SyncModule } from '../sync';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { TransmittalContent } from './entities/transmittal-content.entity';
import { TransmittalSettings } from './entities/transmittal-settings.entity';
import { Transmittal } from './entities/transmittal.entity';
import { TransmittalContents } from './transmittal-contents';
import { TransmittalJiraSync } from './transmittal-jira-sync';
import { TransmittalReceiptsService } from './transmittal-receipts.service';
import { TransmittalReminders } from './transmittal-reminders';
import { TransmittalSettingsService } from './transmittal-settings.service';
import { TransmittalStampLabels } from './transmittal-stamp-labels';
import { TransmittalReadModels } from './transmittal-read-models';
import { TransmittalsController } from './transmittals.controller';
import { TransmittalsService } from './transmittals.service';

/**
 * Transmittals: numbered packages of item versions and file revisions issued to a workspace's supplier,
 * their receipts and coded responses, reminders, and the flow back to Jira (docs/user-guide.md, "Transmittals").
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Transmittal, TransmittalContent, TransmittalSettings]),
    WorkspacesModule,
    SharingModule,
    FilesModule,
    DownloadPolicyModule,
    UsersModule,
    OrganizationsModule,
    SyncModule,
  ],
  controllers: [TransmittalsController],
  providers: [
    // No in-client retries: each call runs in a queue job whose retries honour Retry-After.
    ...connectorClientProviders({
      jiraRetries: 0,
      unconfigured: (message) => new PermanentJobError(message),
    }),
    TransmittalSettingsService,
    TransmittalContents,
    TransmittalReadModels,
    TransmittalsService,
    TransmittalReceiptsService,
    TransmittalJiraSync,
    TransmittalReminders,
    TransmittalStampLabels,
  ],
  exports: [TransmittalsService],
})
export class TransmittalsModule implements OnModuleInit {
  constructor(
    private readonly jira: TransmittalJiraSync,
    private readonly reminders: TransmittalReminders,
    private readonly stampLabels: TransmittalStampLabels,
  ) {}

  async onModuleInit(): Promise<void> {
    this.stampLabels.register();
    await this.jira.register();
    await this.reminders.register();
  }
}
