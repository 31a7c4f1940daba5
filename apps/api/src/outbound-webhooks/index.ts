export { OutboundWebhooksModule } from './outbound-webhooks.module';
export { WebhookLogCleanup } from './webhook-log-cleanup';
