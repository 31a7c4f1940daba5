import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { KingdeeSupplierInputDto, PurchaseOrderItemsDto } from './dto/purchase-order-input.dto';
import { DeliveryScheduleQueryDto, PurchaseOrderQueryDto } from './dto/purchase-order-query.dto';
import {
  DeliveryScheduleLineDto,
  PurchaseOrderDetailDto,
  PurchaseOrderDto,
  PurchaseOrderPageDto,
  RefreshResultDto,
  toDeliveryScheduleLineDto,
  toKingdeeSupplierLinkDto,
  toPurchaseOrderDetailDto,
  toPurchaseOrderDto,
  toPurchaseOrderSummaryDto,
  KingdeeSupplierStatusDto,
} from './dto/purchase-order-response.dto';
import { PurchaseOrdersService } from './purchase-orders.service';

@ApiTags('purchase orders')
@ApiBearerAuth()
@Controller('v1')
export class PurchaseOrdersController {
  constructor(private readonly orders: PurchaseOrdersService) {}

  @Get('workspaces/:id/kingdee-supplier')
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({ type: KingdeeSupplierStatusDto })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async getSupplier(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<KingdeeSupplierStatusDto> {
    const link = await this.orders.getSupplierLink(user, id);
    return { configured: this.orders.configured, link: link && toKingdeeSupplierLinkDto(link) };
  }

  @Put('workspaces/:id/kingdee-supplier')
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({ type: KingdeeSupplierStatusDto, description: 'Linked, and the orders read once' })
  @ApiBadRequestResponse({ description: 'supplierNumber unknown to Kingdee' })
  @ApiServiceUnavailableResponse({ description: 'Kingdee not configured or not answering' })
  async setSupplier(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: KingdeeSupplierInputDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<KingdeeSupplierStatusDto> {
    const { link } = await this.orders.setSupplierLink(user, id, dto.supplierNumber, meta);
    return { configured: true, link: toKingdeeSupplierLinkDto(link) };
  }

  @Post('workspaces/:id/purchase-orders/refresh')
  @HttpCode(200)
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({ type: RefreshResultDto })
  @ApiServiceUnavailableResponse({ description: 'Kingdee not configured or not answering' })
  refresh(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<RefreshResultDto> {
    return this.orders.refresh(user, id);
  }

  @Get('workspaces/:id/purchase-orders')
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({ type: PurchaseOrderPageDto, description: 'Newest first; open orders unless status=all' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: PurchaseOrderQueryDto,
  ): Promise<PurchaseOrderPageDto> {
    const page = await this.orders.list(user, id, {
      status: query.status,
      dueWithinDays: query.dueWithinDays,
      overdue: query.overdue === 'true',
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: page.items.map(toPurchaseOrderSummaryDto), nextCursor: page.nextCursor };
  }

  @Get('workspaces/:id/delivery-schedule')
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({
    type: [DeliveryScheduleLineDto],
    description: 'Open lines by delivery date, overdue ones first',
  })
  async schedule(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: DeliveryScheduleQueryDto,
  ): Promise<DeliveryScheduleLineDto[]> {
    const from = query.from ?? new Date().toISOString().slice(0, 10);
    const lines = await this.orders.schedule(user, id, from, query.weeks ?? 8);
    return lines.map(toDeliveryScheduleLineDto);
  }

  @Get('purchase-orders/:id')
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({ type: PurchaseOrderDetailDto })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<PurchaseOrderDetailDto> {
    return toPurchaseOrderDetailDto(await this.orders.get(user, id));
  }

  @Put('purchase-orders/:id/items')
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({ type: PurchaseOrderDetailDto, description: 'The links replaced' })
  @ApiBadRequestResponse({ description: 'An item of another workspace, or unknown' })
  async setItems(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: PurchaseOrderItemsDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<PurchaseOrderDetailDto> {
    return toPurchaseOrderDetailDto(await this.orders.setItemLinks(user, id, dto.itemIds, meta));
  }

  @Get('items/:id/purchase-orders')
  @CheckAbility('read', 'PurchaseOrder')
  @ApiOkResponse({ type: [PurchaseOrderDto], description: 'Orders the PM linked to this shared item' })
  async ofItem(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<PurchaseOrderDto[]> {
    return (await this.orders.ordersOfItem(user, id)).map(toPurchaseOrderDto);
  }
}
