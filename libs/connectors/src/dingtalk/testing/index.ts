export * from './dingtalk-simulator';
