import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthService } from './auth.service';

const AUTH_PREFIX = '/api/v1/auth/';

/** Adds the bearer token to API calls; on a 401 tries one silent refresh, then sends the user to sign in. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || request.url.startsWith(AUTH_PREFIX)) return next(request);
  const auth = inject(AuthService);
  const router = inject(Router);
  const withToken = (req: HttpRequest<unknown>) => {
    const token = auth.accessToken();
    return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  };
  const hadToken = auth.accessToken() !== null;
  return next(withToken(request)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !hadToken)
        return throwError(() => error);
      return from(auth.refresh()).pipe(
        switchMap((refreshed) => {
          if (refreshed) return next(withToken(request));
          void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
          return throwError(() => error);
        }),
      );
    }),
  );
};
