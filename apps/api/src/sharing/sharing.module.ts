import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DownloadPolicyModule } from '../files/download-policy';
import { SyncModule } from '../sync';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { Acknowledgement } from './entities/acknowledgement.entity';
import { SharedItemVersion } from './entities/shared-item-version.entity';
import { SharedItemView } from './entities/shared-item-view.entity';
import { SharedItem } from './entities/shared-item.entity';
import { ItemAttachmentsController } from './item-attachments.controller';
import { ItemAttachmentsService } from './item-attachments.service';
import { ItemListService } from './item-list.service';
import { ItemsController } from './items.controller';
import { JiraFieldsModule } from './jira-field-catalogue';
import { SharingRefreshHandlers } from './sharing-refresh.handlers';
import { SharingService } from './sharing.service';
import { SourceBrowserService } from './source-browser.service';
import { sourceClientProviders } from './source-clients';
import { SourceReaderService } from './source-reader.service';
import { SourcesController } from './sources.controller';
import { VersionRefs } from './version-refs';

@Module({
  imports: [
    WorkspacesModule,
    JiraFieldsModule,
    SyncModule,
    DownloadPolicyModule,
    TypeOrmModule.forFeature([SharedItem, SharedItemVersion, Acknowledgement, SharedItemView]),
  ],
  controllers: [ItemsController, ItemAttachmentsController, SourcesController],
  providers: [
    ...sourceClientProviders,
    SourceReaderService,
    SharingService,
    ItemListService,
    SourceBrowserService,
    SharingRefreshHandlers,
    ItemAttachmentsService,
    VersionRefs,
  ],
  // ItemListService: the calendar feed asks it for the due dates a user can see; VersionRefs: transmittals.
  exports: [SharingService, ItemListService, VersionRefs],
})
export class SharingModule {}
