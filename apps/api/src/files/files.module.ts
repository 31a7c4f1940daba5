import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SharingModule } from '../sharing/sharing.module';
import { SyncModule } from '../sync';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AbandonedUploadCleanup } from './abandoned-upload-cleanup';
import { ContentVerifier } from './content-checks/content-verifier';
import { FileSafetyPolicyController } from './content-checks/file-safety-policy.controller';
import { FileSafetyPolicy } from './content-checks/file-safety-policy.entity';
import { PendingScanRetry } from './content-checks/pending-scan-retry';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';
import { DownloadPolicyModule } from './download-policy';
import { FileFlowBack } from './file-flow-back';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { RevisionRefs } from './revision-refs';
import { StorageUsageController } from './storage-usage.controller';
import { UploadPolicy } from './upload-policy';
import { UploadQuota } from './upload-quota';

/** Files, revisions and drawing uploads straight to object storage (docs/architecture.md). */
@Module({
  imports: [
    TypeOrmModule.forFeature([FileEntity, FileRevision, FileSafetyPolicy]),
    WorkspacesModule,
    SyncModule,
    SharingModule,
    OrganizationsModule,
    DownloadPolicyModule,
  ],
  controllers: [FilesController, StorageUsageController, FileSafetyPolicyController],
  providers: [
    FilesService,
    UploadPolicy,
    UploadQuota,
    FileFlowBack,
    AbandonedUploadCleanup,
    ContentVerifier,
    PendingScanRetry,
    RevisionRefs,
  ],
  exports: [FilesService, RevisionRefs],
})
export class FilesModule implements OnModuleInit {
  constructor(private readonly scanRetry: PendingScanRetry) {}

  async onModuleInit(): Promise<void> {
    await this.scanRetry.register();
  }
}
