import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Notification } from '../entities/notification.entity';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() event: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Portal path to open' }) link:
    string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) workspaceId: string | null;
  @ApiProperty() read: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'Unread notifications of the caller in total' }) unreadCount: number;
}

export class MarkedReadDto {
  @ApiProperty() marked: number;
  @ApiProperty() unreadCount: number;
}

export function toNotificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    event: n.event,
    title: n.title,
    body: n.body,
    link: n.link,
    workspaceId: n.workspaceId,
    read: !!n.readAt,
    createdAt: n.createdAt.toISOString(),
  };
}
