import { CanActivate, ExecutionContext, Injectable, SetMetadata, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Action, SubjectName } from './ability.factory';
import { abilityOfRequest } from './current-user.decorator';
import type { AuthUser } from './auth-user';
import { scopeFor, scopesAllow } from './token-scopes';

export const CHECK_ABILITY = 'portico:checkAbility';

export interface AbilityRequirement {
  action: Action;
  subject: SubjectName;
}

/**
 * Declares what a route needs, on the subject *type*: "may the caller do this to at least one
 * Workspace?". Which rows is decided in SQL (`accessibleWhere`) or on the loaded row by the service.
 * Several decorators on a route must all pass.
 */
export const CheckAbility =
  (action: Action, subject: SubjectName): MethodDecorator & ClassDecorator =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? descriptor.value : target;
    const existing: AbilityRequirement[] = Reflect.getMetadata(CHECK_ABILITY, holder) ?? [];
    SetMetadata(CHECK_ABILITY, [...existing, { action, subject }])(
      target,
      key as string,
      descriptor as PropertyDescriptor,
    );
  };

/** Global guard enforcing `@CheckAbility` (runs after the JWT guard). */
@Injectable()
export class AbilityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirements = this.reflector.getAllAndMerge<AbilityRequirement[]>(CHECK_ABILITY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
    const token = request.user?.apiToken;
    // API tokens reach only routes that declare what they need, and only with a scope granting it.
    if (token) {
      if (!requirements?.length) throw new ForbiddenException('This route is not available to API tokens');
      for (const { action, subject } of requirements) {
        if (scopesAllow(token.scopes, action, subject)) continue;
        const scope = scopeFor(action, subject);
        throw new ForbiddenException(
          scope
            ? `This API token lacks the scope ${scope} (needed to ${action} ${subject})`
            : `This route is not available to API tokens (${action} ${subject})`,
        );
      }
    }
    if (!requirements?.length) return true;
    const ability = abilityOfRequest(request);
    const denied = requirements.find((r) => ability.cannot(r.action, r.subject));
    if (denied) throw new ForbiddenException(`Not allowed to ${denied.action} ${denied.subject}`);
    return true;
  }
}
