export * from './jira-client.port';
export * from './jira-errors';
export * from './http-jira-client';
export * from './jira-webhook';
export * from './search-among-keys';
