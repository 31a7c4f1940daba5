import { CanActivate, ExecutionContext, Injectable, SetMetadata, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Action, SubjectName } from './ability.factory';
import { abilityOfRequest } from './current-user.decorator';

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
    if (!requirements?.length) return true;
    const ability = abilityOfRequest(context.switchToHttp().getRequest());
    const denied = requirements.find((r) => ability.cannot(r.action, r.subject));
    if (denied) throw new ForbiddenException(`Not allowed to ${denied.action} ${denied.subject}`);
    return true;
  }
}
