import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { Notification } from '../entities/notification.entity';

export class NotificationListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @ValidateBy({
    name: 'limit',
    validator: {
      validate: (v) => Number.isInteger(v) && v >= 1 && v <= 100,
      defaultMessage: () => 'must be an integer from 1 to 100',
    },
  })
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

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

  static of(n: Notification): NotificationDto {
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
