/** One entry of the main navigation; `can` hides it from users whose CASL rules do not allow it. */
export interface NavItem {
  path: string;
  labelKey: string;
  /** Match the path exactly (the start page) rather than as a prefix. */
  exact?: boolean;
  can?: { action: string; subject: string };
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', labelKey: 'nav.home', exact: true },
  { path: '/workspaces', labelKey: 'nav.workspaces', can: { action: 'read', subject: 'Workspace' } },
  { path: '/console', labelKey: 'nav.console', can: { action: 'create', subject: 'Workspace' } },
];
