import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Public } from '@portico/auth';
import { CalendarService } from './calendar.service';
import { CalendarFeedDto, toCalendarFeedDto } from './dto/calendar-feed-response.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/me/calendar')
export class CalendarFeedController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'Your calendar feed URL (due dates of the shared items you can see)' })
  @ApiOkResponse({ type: CalendarFeedDto })
  async get(@CurrentUser() user: AuthUser): Promise<CalendarFeedDto> {
    return toCalendarFeedDto(await this.calendar.feedUrl(user));
  }

  @Post()
  @ApiOperation({ summary: 'Turn the feed on, or give it a new URL: the previous URL stops working at once' })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  async rotate(@CurrentUser() user: AuthUser): Promise<CalendarFeedDto> {
    return toCalendarFeedDto(await this.calendar.rotate(user));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn the feed off; its URL stops working at once' })
  @ApiNoContentResponse()
  async revoke(@CurrentUser() user: AuthUser): Promise<void> {
    await this.calendar.revoke(user);
  }
}

/**
 * What calendar clients (Outlook, Feishu, Google) fetch: no sign-in, the URL is the credential. Not
 * limited per client IP: hosted calendars fetch every subscriber's feed from a few shared addresses, and
 * a 256-bit secret leaves nothing to guess.
 */
@ApiTags('calendar')
@Public()
@Controller('calendar')
export class CalendarDownloadController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':userId/:file')
  @ApiOperation({ summary: 'iCalendar feed (RFC 5545) of a calendar URL' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar; all-day events with UID `<itemId>@portico`' })
  @ApiNotFoundResponse({ description: 'Unknown, rotated or revoked URL' })
  async download(
    @Param('userId') userId: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const body = await this.calendar.render(userId, file);
    void reply
      .header('Content-Type', 'text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="portico.ics"')
      .header('Cache-Control', 'private, no-store');
    return body;
  }
}
