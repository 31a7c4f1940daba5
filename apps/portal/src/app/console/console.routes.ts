import { Routes } from '@angular/router';
import { provideTranslocoScope } from '@jsverse/transloco';
import { ConsoleLayoutComponent } from './console-layout.component';
import { CONSOLE_SCOPE, preloadConsoleStrings } from './console-strings';

/** The PM/admin console, loaded only by people who may use it (see consoleGuard in app.routes.ts). */
export const CONSOLE_ROUTES: Routes = [
  {
    path: '',
    component: ConsoleLayoutComponent,
    providers: [provideTranslocoScope(CONSOLE_SCOPE)],
    canActivate: [preloadConsoleStrings],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'console.home.title',
        loadComponent: () => import('./home/console-home.page').then((m) => m.ConsoleHomePage),
      },
      {
        path: 'organizations',
        title: 'console.orgs.title',
        loadComponent: () =>
          import('./organizations/organization-list.page').then((m) => m.OrganizationListPage),
      },
      {
        path: 'organizations/:id',
        title: 'console.orgs.detailTitle',
        loadComponent: () =>
          import('./organizations/organization-detail.page').then((m) => m.OrganizationDetailPage),
      },
      {
        path: 'organizations/:id/integrations',
        title: 'console.orgs.integrationsTitle',
        loadComponent: () => import('../integrations/integrations.page').then((m) => m.IntegrationsPage),
      },
      {
        path: 'api-tokens',
        title: 'console.apiTokens.title',
        data: { personal: true },
        loadComponent: () => import('../integrations/integrations.page').then((m) => m.IntegrationsPage),
      },
      {
        path: 'workspaces',
        title: 'console.workspaces.title',
        loadComponent: () => import('./workspaces/workspace-list.page').then((m) => m.WorkspaceListPage),
      },
      {
        path: 'workspaces/new',
        title: 'console.workspaces.create',
        loadComponent: () => import('./workspaces/workspace-form.page').then((m) => m.WorkspaceFormPage),
      },
      {
        path: 'workspaces/:id',
        title: 'console.workspaces.edit',
        loadComponent: () => import('./workspaces/workspace-form.page').then((m) => m.WorkspaceFormPage),
      },
      {
        path: 'workspaces/:id/items',
        title: 'console.items.caption',
        loadComponent: () => import('./sharing/workspace-items.page').then((m) => m.WorkspaceItemsPage),
      },
      {
        path: 'workspaces/:id/share',
        title: 'console.share.pageTitle',
        loadComponent: () => import('./sharing/share-picker.page').then((m) => m.SharePickerPage),
      },
      {
        path: 'workspaces/:id/transmittals',
        title: 'console.transmittals.listTitle',
        loadComponent: () =>
          import('./transmittals/transmittal-list.page').then((m) => m.TransmittalListPage),
      },
      {
        path: 'transmittals/new',
        title: 'console.transmittals.create',
        loadComponent: () => import('./transmittals/transmittal.page').then((m) => m.ConsoleTransmittalPage),
      },
      {
        path: 'transmittals/:id',
        title: 'console.transmittals.listTitle',
        loadComponent: () => import('./transmittals/transmittal.page').then((m) => m.ConsoleTransmittalPage),
      },
      {
        path: 'items/:id',
        title: 'console.item.pageTitle',
        loadComponent: () => import('./sharing/item.page').then((m) => m.ItemPage),
      },
      {
        path: 'pending',
        title: 'console.pending.title',
        loadComponent: () => import('./sharing/pending-changes.page').then((m) => m.PendingChangesPage),
      },
      {
        path: 'reviews',
        title: 'console.reviews.title',
        loadComponent: () => import('./reviews/upload-review.page').then((m) => m.UploadReviewPage),
      },
      {
        path: 'defects',
        title: 'console.defects.title',
        loadComponent: () => import('./defects/defect-list.page').then((m) => m.DefectListPage),
      },
      {
        path: 'confirmations',
        title: 'console.confirmations.title',
        loadComponent: () => import('./orders/confirmations.page').then((m) => m.ConfirmationsPage),
      },
      {
        path: 'sync',
        title: 'console.sync.title',
        loadComponent: () => import('./operations/sync-queue.page').then((m) => m.SyncQueuePage),
      },
      {
        path: 'audit',
        title: 'console.audit.title',
        loadComponent: () => import('./audit/audit-log.page').then((m) => m.AuditLogPage),
      },
      {
        path: 'connectors',
        title: 'console.connectors.title',
        loadComponent: () => import('./operations/connector-status.page').then((m) => m.ConnectorStatusPage),
      },
    ],
  },
];
