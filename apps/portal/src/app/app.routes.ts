import { CanMatchFn, Routes } from '@angular/router';
import { authGuard, guestGuard, mfaEnrolmentGuard } from './core/auth/auth.guards';
import { consoleGuard, staffHomeGuard } from './console/console.guard';
import { PublicLayoutComponent } from './shell/public-layout.component';
import { ShellComponent } from './shell/shell.component';

const PUBLIC_PAGES = new Set(['login', 'forgot-password', 'reset-password', 'invitations']);

const isPublicPage: CanMatchFn = (_route, segments) => PUBLIC_PAGES.has(segments[0]?.path ?? '');

/**
 * Every page of the portal. Feature pages load lazily; pages shown in the navigation are listed
 * in shell/nav-items.ts as well. Console pages for PMs/admins go under `console/` the same way.
 */
export const routes: Routes = [
  {
    path: '',
    component: PublicLayoutComponent,
    // Without this the layout would also claim `/` and other unknown paths, leaving its outlet empty.
    canMatch: [isPublicPage],
    children: [
      {
        path: 'login',
        title: 'login.title',
        canActivate: [guestGuard],
        loadComponent: () => import('./login/login.page').then((m) => m.LoginPage),
      },
      {
        path: 'forgot-password',
        title: 'password.forgotTitle',
        loadComponent: () => import('./password/forgot-password.page').then((m) => m.ForgotPasswordPage),
      },
      {
        path: 'reset-password/:token',
        title: 'password.resetTitle',
        loadComponent: () => import('./password/reset-password.page').then((m) => m.ResetPasswordPage),
      },
      {
        path: 'invitations/:token',
        title: 'invitation.title',
        loadComponent: () =>
          import('./invitation/accept-invitation.page').then((m) => m.AcceptInvitationPage),
      },
    ],
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    canActivateChild: [mfaEnrolmentGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'home.title',
        canActivate: [staffHomeGuard],
        loadComponent: () => import('./home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'workspaces',
        title: 'workspaces.title',
        loadComponent: () => import('./workspaces/workspace-list.page').then((m) => m.WorkspaceListPage),
      },
      {
        path: 'workspaces/:id',
        title: 'workspaces.items',
        loadComponent: () => import('./workspaces/item-list.page').then((m) => m.ItemListPage),
      },
      {
        path: 'workspaces/:id/schedule',
        title: 'schedule.title',
        loadComponent: () => import('./schedule/schedule.page').then((m) => m.SchedulePage),
      },
      {
        path: 'workspaces/:id/files',
        title: 'files.title',
        loadComponent: () => import('./files/file-list.page').then((m) => m.FileListPage),
      },
      {
        path: 'files/:id',
        title: 'files.title',
        loadComponent: () => import('./files/file.page').then((m) => m.FilePage),
      },
      {
        path: 'files/:id/compare',
        title: 'files.compare.pageTitle',
        loadComponent: () => import('./files/compare/compare.page').then((m) => m.ComparePage),
      },
      {
        path: 'workspaces/:id/defects',
        title: 'defects.title',
        loadComponent: () => import('./defects/defect-list.page').then((m) => m.DefectListPage),
      },
      {
        path: 'defects/:id',
        title: 'defects.title',
        loadComponent: () => import('./defects/defect.page').then((m) => m.DefectPage),
      },
      {
        path: 'workspaces/:id/orders',
        title: 'orders.title',
        loadComponent: () => import('./orders/order-list.page').then((m) => m.OrderListPage),
      },
      {
        path: 'workspaces/:id/delivery-schedule',
        title: 'orders.schedule.title',
        loadComponent: () => import('./orders/delivery-schedule.page').then((m) => m.DeliverySchedulePage),
      },
      {
        path: 'purchase-orders/:id',
        title: 'orders.title',
        loadComponent: () => import('./orders/order.page').then((m) => m.OrderPage),
      },
      {
        path: 'items/:id',
        title: 'items.title',
        loadComponent: () => import('./items/item.page').then((m) => m.ItemPage),
      },
      {
        // One exact version, as a transmittal issued it.
        path: 'items/:id/versions/:version',
        title: 'items.title',
        loadComponent: () => import('./items/item.page').then((m) => m.ItemPage),
      },
      {
        path: 'transmittals',
        title: 'transmittals.title',
        loadComponent: () =>
          import('./transmittals/transmittal-inbox.page').then((m) => m.TransmittalInboxPage),
      },
      {
        path: 'transmittals/:id',
        title: 'transmittals.title',
        loadComponent: () => import('./transmittals/transmittal.page').then((m) => m.TransmittalPage),
      },
      {
        path: 'team',
        title: 'team.title',
        loadComponent: () => import('./team/team.page').then((m) => m.TeamPage),
      },
      {
        path: 'integrations',
        title: 'integrations.title',
        loadComponent: () => import('./integrations/integrations.page').then((m) => m.IntegrationsPage),
      },
      {
        path: 'profile',
        title: 'profile.title',
        loadComponent: () => import('./profile/profile.page').then((m) => m.ProfilePage),
      },
      {
        path: 'console',
        canMatch: [consoleGuard],
        loadChildren: () => import('./console/console.routes').then((m) => m.CONSOLE_ROUTES),
      },
      {
        path: '**',
        title: 'notFound.title',
        loadComponent: () => import('./not-found/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
