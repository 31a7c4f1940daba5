export * from './dingtalk-errors';
export * from './dingtalk-robot';
