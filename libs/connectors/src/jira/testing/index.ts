export * from './jira-simulator';
export {
  seedState,
  CUSTOM_FIELDS as JIRA_SIMULATOR_CUSTOM_FIELDS,
  PEOPLE as JIRA_SIMULATOR_PEOPLE,
} from './jira-simulator-state';
export type { SimIssue, SimComment, SimState, SimUser } from './jira-simulator-state';
export { parseJql, evaluateJql, JqlError } from './jql';
