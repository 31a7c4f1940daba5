import { Module } from '@nestjs/common';
import { SyncModule } from '../sync';
import { ConnectorsStatusController } from './connectors-status.controller';
import { ConnectorsStatusService } from './connectors-status.service';

/** The admin's view of the Jira and Feishu connections (`GET /api/v1/connectors/status`). */
@Module({
  imports: [SyncModule],
  controllers: [ConnectorsStatusController],
  providers: [ConnectorsStatusService],
})
export class ConnectorsStatusModule {}
