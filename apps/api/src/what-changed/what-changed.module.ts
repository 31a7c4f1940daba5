import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PurchaseOrdersModule } from '../purchase-orders';
import { WorkspacesModule } from '../workspaces';
import { UserVisit } from './entities/user-visit.entity';
import { WhatChangedController } from './what-changed.controller';
import { WhatChangedService } from './what-changed.service';

/**
 * "What changed": a read model across modules (sharing, feedback, files, purchase orders) for the
 * landing page. It is the one place allowed to read those modules' tables together, read-only and
 * filtered by the caller's CASL rules; it owns only `user_visit`, the visits it counts news from.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserVisit]), WorkspacesModule, PurchaseOrdersModule],
  controllers: [WhatChangedController],
  providers: [WhatChangedService],
})
export class WhatChangedModule {}
