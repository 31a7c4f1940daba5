import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import { NotificationQueryDto } from './dto/notification-query.dto';
import {
  MarkedReadDto,
  NotificationDto,
  NotificationPageDto,
  toNotificationDto,
} from './dto/notification-response.dto';
import { NotificationsService } from './notifications.service';
import { UuidParamPipe } from '../common';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({
    type: NotificationPageDto,
    description: "The caller's in-app notifications, newest first, with the unread count",
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationQueryDto,
  ): Promise<NotificationPageDto> {
    const page = await this.notifications.list(user, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
      unreadOnly: query.unread,
    });
    return {
      items: page.items.map(toNotificationDto),
      nextCursor: page.nextCursor,
      unreadCount: page.unreadCount,
    };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@CurrentUser() user: AuthUser): Promise<MarkedReadDto> {
    const marked = await this.notifications.markAllRead(user);
    return { marked, unreadCount: await this.notifications.unreadCount(user) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: "Missing, or another user's notification" })
  async markRead(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<NotificationDto> {
    return toNotificationDto(await this.notifications.markRead(user, id));
  }
}
