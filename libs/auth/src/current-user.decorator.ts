import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from './auth-user';
import type { AppAbility } from './ability.factory';
import { AbilityFactory } from './ability.factory';

interface RequestWithAuth {
  user?: AuthUser;
  ability?: AppAbility;
}

/** The authenticated caller (set by the JWT guard). Undefined only on `@Public()` routes. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser | undefined => {
    return ctx.switchToHttp().getRequest<RequestWithAuth>().user;
  },
);

const factory = new AbilityFactory();

/** The caller's CASL ability, built once per request. */
export function abilityOfRequest(request: RequestWithAuth): AppAbility {
  if (!request.user) throw new Error('abilityOfRequest used on a route without an authenticated user');
  request.ability ??= factory.createForUser(request.user);
  return request.ability;
}

export const CurrentAbility = createParamDecorator((_data: unknown, ctx: ExecutionContext): AppAbility => {
  return abilityOfRequest(ctx.switchToHttp().getRequest<RequestWithAuth>());
});
