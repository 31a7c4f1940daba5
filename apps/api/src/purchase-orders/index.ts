export { PurchaseOrdersModule } from './purchase-orders.module';
export { PurchaseOrdersService } from './purchase-orders.service';
