import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth.guards';
import { ShellComponent } from './shell/shell.component';

/**
 * Every page of the portal. Feature pages load lazily; pages shown in the navigation are listed
 * in shell/nav-items.ts as well. Console pages for PMs/admins go under `console/` the same way.
 */
export const routes: Routes = [
  {
    path: 'login',
    title: 'login.title',
    canActivate: [guestGuard],
    loadComponent: () => import('./login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'home.title',
        loadComponent: () => import('./home/home.page').then((m) => m.HomePage),
      },
      {
        path: '**',
        title: 'notFound.title',
        loadComponent: () => import('./not-found/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
