import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback';
import { FilesModule } from '../files';
import { NotificationsModule } from '../notifications';
import { SharingModule } from '../sharing';
import { TransmittalsModule } from '../transmittals';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
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
