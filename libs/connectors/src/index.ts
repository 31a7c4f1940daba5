export * from './adf';
export * from './html';
export * from './jira';
export * from './jira/testing';
export * from './feishu';
export * from './feishu/testing';
export * from './dingtalk';
export * from './dingtalk/testing';
