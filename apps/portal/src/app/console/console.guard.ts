import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { PureAbility } from '@casl/ability';
import type { AppAbility } from '../core/auth/ability';

/**
 * The console is for people who may set up workspaces (PMs, admins). Others fall through to the
 * not-found page, as for anything they cannot see; the API refuses them regardless. A guard decides
 * once per navigation, so it reads the rules as they are then; the console's tabs and pages are what
 * follow later rule updates.
 */
export const consoleGuard: CanMatchFn = () => inject<AppAbility>(PureAbility).can('create', 'Workspace');

/** PMs and admins land on the console home ("what needs me now") instead of the supplier home page. */
export const staffHomeGuard: CanActivateFn = () =>
  inject<AppAbility>(PureAbility).can('create', 'Workspace')
    ? inject(Router).createUrlTree(['/console'])
    : true;
