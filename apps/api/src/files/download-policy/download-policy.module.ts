import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { SyncModule } from '../../sync';
import { WorkspacesModule } from '../../workspaces/workspaces.module';
import { DownloadPolicyController } from './download-policy.controller';
import { FileDownloadPolicy } from './download-policy.entity';
import { DownloadPolicyService } from './download-policy.service';
import { WatermarkCleanup } from './watermark-cleanup';
import { WatermarkedCopy } from './watermarked-copy.entity';

/** Download policy and watermark stamping; used by the files download and the shared-item attachments. */
@Module({
  imports: [
    TypeOrmModule.forFeature([FileDownloadPolicy, WatermarkedCopy]),
    WorkspacesModule,
    OrganizationsModule,
    SyncModule,
  ],
  controllers: [DownloadPolicyController],
  providers: [DownloadPolicyService, WatermarkCleanup],
  exports: [DownloadPolicyService],
})
export class DownloadPolicyModule {}
