import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SyncModule } from '../sync';
import { Workspace } from './entities/workspace.entity';
import { WorkspaceCountsService } from './workspace-counts.service';
import { WorkspaceSettings } from './workspace-settings';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [TypeOrmModule.forFeature([Workspace]), SyncModule],
  controllers: [WorkspacesController],
  providers: [WorkspacesService, WorkspaceCountsService, WorkspaceSettings],
  exports: [WorkspacesService, WorkspaceSettings],
})
export class WorkspacesModule {}
