import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { FilesModule } from '../files/files.module';
import { SharingModule } from '../sharing/sharing.module';
import { SyncModule } from '../sync/sync.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ConsoleController } from './console.controller';
import { ConsoleSummaryService } from './console-summary.service';

/** The console's home: counts of what waits for a PM, each from the module that owns it. */
@Module({
  imports: [WorkspacesModule, SharingModule, FilesModule, FeedbackModule, SyncModule],
  controllers: [ConsoleController],
  providers: [ConsoleSummaryService],
})
export class ConsoleModule {}
