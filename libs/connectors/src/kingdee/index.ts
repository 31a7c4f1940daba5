export * from './kingdee-client.port';
export * from './kingdee-errors';
export * from './kingdee-filter';
export * from './kingdee-signature';
export * from './http-kingdee-client';
export * from './purchase-orders';
