import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SharingModule } from '../sharing';
import { SyncModule } from '../sync';
import { WorkspacesModule } from '../workspaces';
import { DeliveryConfirmationsController } from './delivery-confirmations.controller';
import { DeliveryConfirmationsService } from './delivery-confirmations.service';
import { DeliveryConfirmation } from './entities/delivery-confirmation.entity';
import { KingdeeSupplierLink } from './entities/kingdee-supplier-link.entity';
import { PurchaseOrderLine } from './entities/purchase-order-line.entity';
import { PurchaseOrder } from './entities/purchase-order.entity';
import { kingdeeClientProvider } from './kingdee-client.provider';
import { PurchaseOrderSyncService } from './purchase-order-sync.service';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrdersService } from './purchase-orders.service';

/**
 * Kingdee purchase orders in the supplier's workspace: read models refreshed from Kingdee, the delivery
 * schedule, and delivery-date confirmations that flow back to the buyer and, where Kingdee allows, into
 * the order (docs/integrations.md, "Kingdee").
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([KingdeeSupplierLink, PurchaseOrder, PurchaseOrderLine, DeliveryConfirmation]),
    WorkspacesModule,
    SharingModule,
    SyncModule,
  ],
  controllers: [PurchaseOrdersController, DeliveryConfirmationsController],
  providers: [
    kingdeeClientProvider,
    PurchaseOrderSyncService,
    PurchaseOrdersService,
    DeliveryConfirmationsService,
  ],
  exports: [PurchaseOrdersService],
})
export class PurchaseOrdersModule implements OnModuleInit {
  constructor(
    private readonly sync: PurchaseOrderSyncService,
    private readonly confirmations: DeliveryConfirmationsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sync.registerJobs();
    await this.confirmations.registerJobs();
  }
}
