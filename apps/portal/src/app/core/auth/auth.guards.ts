import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Pages behind sign-in; the requested URL survives the detour through the login page. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.isAuthenticated()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Where the organisation requires TOTP, nothing but the profile (with enrolment) opens until it is set up. */
export const mfaEnrolmentGuard: CanActivateChildFn = (_route, state) => {
  if (!inject(AuthService).mfaEnrolmentRequired() || state.url.startsWith('/profile')) return true;
  return inject(Router).createUrlTree(['/profile'], { queryParams: { mfa: 'required' } });
};

/** The login page is pointless once signed in. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.isAuthenticated() ? inject(Router).createUrlTree(['/']) : true;
};

/** Only same-site paths are followed after sign-in, never an absolute URL planted in the query string. */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
