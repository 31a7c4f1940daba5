import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SharingModule } from '../sharing/sharing.module';
import { SyncModule } from '../sync';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AbandonedUploadCleanup } from './abandoned-upload-cleanup';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';
import { FileFlowBack } from './file-flow-back';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { StorageUsageController } from './storage-usage.controller';
import { UploadPolicy } from './upload-policy';
import { UploadQuota } from './upload-quota';

/** Files, revisions and drawing uploads straight to object storage (DESIGN.md §4 flow 4). */
@Module({
  imports: [
    TypeOrmModule.forFeature([FileEntity, FileRevision]),
    WorkspacesModule,
    SyncModule,
    SharingModule,
    OrganizationsModule,
  ],
  controllers: [FilesController, StorageUsageController],
  providers: [FilesService, UploadPolicy, UploadQuota, FileFlowBack, AbandonedUploadCleanup],
  exports: [FilesService],
})
export class FilesModule {}
