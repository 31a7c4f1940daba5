import { inject } from '@angular/core';
import { CanMatchFn } from '@angular/router';
import { PureAbility } from '@casl/ability';
import type { AppAbility } from '../core/auth/ability';

/**
 * The console is for people who may set up workspaces (PMs, admins). Others fall through to the
 * not-found page, as for anything they cannot see; the API refuses them regardless. A guard decides
 * once per navigation, so it reads the rules as they are then; the console's tabs and pages are what
 * follow later rule updates.
 */
export const consoleGuard: CanMatchFn = () => inject<AppAbility>(PureAbility).can('create', 'Workspace');
