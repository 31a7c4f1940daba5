export { channelClientProviders } from './channel-clients';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export { channelsFor } from './notification-rules';
export { renderNotification } from './notification-templates';
