import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SharingModule } from '../sharing/sharing.module';
import { TransmittalsModule } from '../transmittals/transmittals.module';
import { UsersModule } from '../users/users.module';
import { CalendarDownloadController, CalendarFeedController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { CalendarFeed } from './entities/calendar-feed.entity';

/** Per-user iCalendar feeds of shared items' due dates and transmittals' response due dates. */
@Module({
  imports: [TypeOrmModule.forFeature([CalendarFeed]), SharingModule, TransmittalsModule, UsersModule],
  controllers: [CalendarFeedController, CalendarDownloadController],
  providers: [CalendarService],
})
export class CalendarModule {}
