import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SharingModule } from '../sharing/sharing.module';
import { UsersModule } from '../users/users.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DemoDataService } from './demo-data.service';
import { SeedService } from './seed.service';

/** Demo users (SeedService) and demo workspaces (DemoDataService) for development and evaluation. */
@Module({
  imports: [UsersModule, WorkspacesModule, SharingModule, FilesModule, FeedbackModule, NotificationsModule],
  providers: [SeedService, DemoDataService],
  exports: [SeedService, DemoDataService],
})
export class SeedModule {}
