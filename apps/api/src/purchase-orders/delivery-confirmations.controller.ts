import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { BadInputError, UuidParamPipe } from '../common';
import { DeliveryConfirmationsService } from './delivery-confirmations.service';
import { CreateDeliveryConfirmationDto, DecideDeliveryConfirmationDto } from './dto/purchase-order-input.dto';
import { DeliveryConfirmationQueryDto } from './dto/purchase-order-query.dto';
import {
  DeliveryConfirmationDto,
  DeliveryConfirmationPageDto,
  toDeliveryConfirmationDto,
  toDeliveryConfirmationRowDto,
} from './dto/purchase-order-response.dto';

@ApiTags('purchase orders')
@ApiBearerAuth()
@Controller('v1')
export class DeliveryConfirmationsController {
  constructor(private readonly confirmations: DeliveryConfirmationsService) {}

  @Post('purchase-orders/:id/lines/:lineId/confirmations')
  @CheckAbility('create', 'DeliveryConfirmation')
  @ApiCreatedResponse({ type: DeliveryConfirmationDto, description: 'Recorded and sent to the buyer' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  @ApiConflictResponse({ description: 'The line is closed, or an answer already waits for the buyer' })
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('lineId', UuidParamPipe) lineId: string,
    @Body() dto: CreateDeliveryConfirmationDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DeliveryConfirmationDto> {
    return toDeliveryConfirmationDto(await this.confirmations.submit(user, id, lineId, dto, meta));
  }

  @Get('delivery-confirmations')
  @CheckAbility('read', 'DeliveryConfirmation')
  @ApiOkResponse({
    type: DeliveryConfirmationPageDto,
    description: 'Newest first; PMs see the workspaces they manage',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: DeliveryConfirmationQueryDto,
  ): Promise<DeliveryConfirmationPageDto> {
    const page = await this.confirmations.list(user, {
      workspaceId: query.workspaceId,
      state: query.state,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: page.items.map(toDeliveryConfirmationRowDto), nextCursor: page.nextCursor };
  }

  @Post('delivery-confirmations/:id/accept')
  @HttpCode(200)
  @CheckAbility('update', 'DeliveryConfirmation')
  @ApiOkResponse({
    type: DeliveryConfirmationDto,
    description: 'writeBack says whether Kingdee is written or the buyer must change it',
  })
  @ApiConflictResponse({ description: 'Already decided' })
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideDeliveryConfirmationDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DeliveryConfirmationDto> {
    return toDeliveryConfirmationDto(await this.confirmations.decide(user, id, 'accepted', dto.note, meta));
  }

  @Post('delivery-confirmations/:id/reject')
  @HttpCode(200)
  @CheckAbility('update', 'DeliveryConfirmation')
  @ApiOkResponse({ type: DeliveryConfirmationDto })
  @ApiConflictResponse({ description: 'Already decided' })
  async reject(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideDeliveryConfirmationDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DeliveryConfirmationDto> {
    if (!dto.note?.trim())
      throw new BadInputError('A rejection needs a reason', [
        { field: 'note', message: 'tell the supplier why' },
      ]);
    return toDeliveryConfirmationDto(await this.confirmations.decide(user, id, 'rejected', dto.note, meta));
  }
}
