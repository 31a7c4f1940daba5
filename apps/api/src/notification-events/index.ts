export {
  NOTIFICATION_EVENT_NAMES,
  announce,
  jiraPeopleOf,
  type JiraPeople,
  type JiraPerson,
  type NotificationEvent,
  type NotificationEventName,
} from './notification-event';
