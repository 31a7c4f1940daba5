import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The secret feed URL (`…/api/calendar/<userId>/<secret>.ics`); null while the feed is off',
  })
  url: string | null;
}

export function toCalendarFeedDto(url: string | null): CalendarFeedDto {
  return { url };
}
