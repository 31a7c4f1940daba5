/** One entry of the main navigation; `can` hides it from users whose CASL rules do not allow it. */
export interface NavItem {
  path: string;
  labelKey: string;
  /** Match the path exactly (the start page) rather than as a prefix. */
  exact?: boolean;
  can?: { action: string; subject: string };
  /** Only for users of this kind of organisation (e.g. a supplier admin's team page). */
  orgKind?: 'internal' | 'supplier';
  /** A count shown beside the label. */
  badge?: 'unreadTransmittals';
}

export const NAV_ITEMS: readonly NavItem[] = [
  // Staff (admins and PMs) land on the console home instead (console/console.guard.ts, staffHomeGuard).
  { path: '/', labelKey: 'nav.home', exact: true, orgKind: 'supplier' },
  { path: '/workspaces', labelKey: 'nav.workspaces', can: { action: 'read', subject: 'Workspace' } },
  { path: '/transmittals', labelKey: 'nav.transmittals', orgKind: 'supplier', badge: 'unreadTransmittals' },
  {
    path: '/team',
    labelKey: 'nav.team',
    can: { action: 'create', subject: 'Invitation' },
    orgKind: 'supplier',
  },
  {
    // Supplier admins are the ones who may invite; the same people manage the organisation's API tokens.
    path: '/integrations',
    labelKey: 'nav.integrations',
    can: { action: 'create', subject: 'Invitation' },
    orgKind: 'supplier',
  },
  { path: '/console', labelKey: 'nav.console', can: { action: 'create', subject: 'Workspace' } },
];
