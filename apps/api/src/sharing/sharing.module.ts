import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DownloadPolicyModule } from '../download-policy';
import { SyncModule } from '../sync';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { Acknowledgement } from './entities/acknowledgement.entity';
import { SharedItemVersion } from './entities/shared-item-version.entity';
import { SharedItemView } from './entities/shared-item-view.entity';
import { SharedItem } from './entities/shared-item.entity';
import { ItemAttachmentsController } from './item-attachments.controller';
import { ItemAttachmentsService } from './item-attachments.service';
import { ItemListService } from './item-list.service';
import { ItemRefsModule } from './item-refs';
import { ItemsController } from './items.controller';
import { JiraFieldsModule } from './jira-field-catalogue';
import { SharingRefreshHandlers } from './sharing-refresh.handlers';
import { ItemVersions } from './item-versions';
import { SharingService } from './sharing.service';
import { SourceRefreshService } from './source-refresh.service';
import { SourceBrowserService } from './source-browser.service';
import { sourceClientProviders } from './source-clients';
import { SourceReaderService } from './source-reader.service';
import { SourcesController } from './sources.controller';
import { VersionRefs } from './version-refs';

@Module({
  imports: [
    WorkspacesModule,
    JiraFieldsModule,
    ItemRefsModule,
    UsersModule,
    SyncModule,
    DownloadPolicyModule,
    TypeOrmModule.forFeature([SharedItem, SharedItemVersion, Acknowledgement, SharedItemView]),
  ],
  controllers: [ItemsController, ItemAttachmentsController, SourcesController],
  providers: [
    ...sourceClientProviders,
    SourceReaderService,
    ItemVersions,
    SharingService,
    SourceRefreshService,
    ItemListService,
    SourceBrowserService,
    SharingRefreshHandlers,
    ItemAttachmentsService,
    VersionRefs,
  ],
  // ItemListService: the calendar feed asks it for the due dates a user can see; VersionRefs: transmittals;
  // SourceRefreshService: the demo data brings an item up to date with its source.
  exports: [SharingService, SourceRefreshService, ItemListService, VersionRefs],
})
export class SharingModule {}
