import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'portico:isPublic';

/** Opts a route (or a whole controller) out of the global JWT guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const ALLOW_WITHOUT_MFA = 'portico:allowWithoutMfa';

/** Keeps a route usable by users who must still enrol TOTP (their organisation requires it). */
export const AllowWithoutMfa = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_WITHOUT_MFA, true);
