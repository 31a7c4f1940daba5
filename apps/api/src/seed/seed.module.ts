import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SharingModule } from '../sharing/sharing.module';
import { TransmittalsModule } from '../transmittals/transmittals.module';
import { UsersModule } from '../users/users.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { DemoDataService } from './demo-data.service';
import { SeedService } from './seed.service';

/**
 * Data a database starts with: the first administrator (AdminBootstrapService), the demo organisations
 * and users (SeedService) and the demo workspaces (DemoDataService), for development and evaluation.
 */
@Module({
  imports: [
    UsersModule,
    WorkspacesModule,
    SharingModule,
    FilesModule,
    FeedbackModule,
    NotificationsModule,
    TransmittalsModule,
  ],
  providers: [SeedService, DemoDataService, AdminBootstrapService],
  exports: [SeedService, DemoDataService, AdminBootstrapService],
})
export class SeedModule {}
