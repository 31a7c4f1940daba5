import { Global, Module } from '@nestjs/common';
import { AbilityFactory } from './ability.factory';

/** Makes the one AbilityFactory injectable in every module. */
@Global()
@Module({ providers: [AbilityFactory], exports: [AbilityFactory] })
export class AuthzModule {}
