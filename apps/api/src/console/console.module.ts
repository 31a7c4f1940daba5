import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback';
import { FilesModule } from '../files';
import { SharingModule } from '../sharing';
import { SyncModule } from '../sync';
import { WorkspacesModule } from '../workspaces';
import { ConsoleController } from './console.controller';
import { ConsoleSummaryService } from './console-summary.service';

/** The console's home: counts of what waits for a PM, each from the module that owns it. */
@Module({
  imports: [WorkspacesModule, SharingModule, FilesModule, FeedbackModule, SyncModule],
  controllers: [ConsoleController],
  providers: [ConsoleSummaryService],
})
export class ConsoleModule {}
