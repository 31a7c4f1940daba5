import { inject } from '@angular/core';
import { CanMatchFn } from '@angular/router';
import { PureAbility } from '@casl/ability';
import type { AppAbility } from '../core/auth/ability';

/**
 * The console is for people who may set up workspaces (PMs, admins). Others fall through to the
 * not-found page, as for anything they cannot see; the API refuses them regardless.
 */
export const consoleGuard: CanMatchFn = () => inject<AppAbility>(PureAbility).can('create', 'Workspace');
