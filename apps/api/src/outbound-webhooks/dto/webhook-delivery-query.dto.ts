import { PageQueryDto } from '../../common';

export class WebhookDeliveryQueryDto extends PageQueryDto {}
