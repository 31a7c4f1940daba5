/** One page of the console's own navigation; `can` hides it from users whose CASL rules refuse it. */
export interface ConsoleSection {
  path: string;
  labelKey: string;
  can: { action: string; subject: string };
}

export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  { path: '', labelKey: 'console.nav.home', can: { action: 'create', subject: 'Workspace' } },
  {
    path: 'organizations',
    labelKey: 'console.nav.organizations',
    can: { action: 'create', subject: 'Organization' },
  },
  { path: 'workspaces', labelKey: 'console.nav.workspaces', can: { action: 'create', subject: 'Workspace' } },
  { path: 'pending', labelKey: 'console.nav.pending', can: { action: 'update', subject: 'SharedItem' } },
  { path: 'reviews', labelKey: 'console.nav.reviews', can: { action: 'review', subject: 'FileRevision' } },
  { path: 'defects', labelKey: 'console.nav.defects', can: { action: 'update', subject: 'Defect' } },
  {
    path: 'confirmations',
    labelKey: 'console.nav.confirmations',
    can: { action: 'update', subject: 'DeliveryConfirmation' },
  },
  { path: 'sync', labelKey: 'console.nav.sync', can: { action: 'read', subject: 'SyncJob' } },
  { path: 'audit', labelKey: 'console.nav.audit', can: { action: 'read', subject: 'AuditEvent' } },
  { path: 'connectors', labelKey: 'console.nav.connectors', can: { action: 'read', subject: 'Connector' } },
  // Personal API tokens: every internal user may make them; `read Workspace` is what every one of them has.
  { path: 'api-tokens', labelKey: 'console.apiTokens.nav', can: { action: 'read', subject: 'Workspace' } },
];
