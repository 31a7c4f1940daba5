export { NotificationRuleDto, RedactionRuleDto } from './dto/workspace-input.dto';
export { Workspace, type NotificationRule } from './entities/workspace.entity';
export { WorkspacesModule } from './workspaces.module';
export { DEFAULT_JIRA_ISSUE_TYPE, WorkspacesService } from './workspaces.service';
export { WorkspaceSettings, type WorkspaceSetting } from './workspace-settings';
export { assertContainedJql, scopedJql } from './jql-scope';
export {
  compileRedactionRules,
  redactText,
  validateRedactionRules,
  type CompiledRedaction,
  type RedactionRuleInput,
} from './redaction-rules';
export { FIELD_NAME_RESOLVER, type FieldNameResolver } from './field-name-resolver';
export { DRAFT_COUNTER, type DraftCounter } from './draft-counts';
export { SUPPLIER_ORGANIZATIONS, type SupplierOrganizations } from './supplier-organizations';
