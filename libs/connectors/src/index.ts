export * from './adf';
export * from './jira';
export * from './jira/testing';
