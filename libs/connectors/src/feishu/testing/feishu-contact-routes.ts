import { requireTenantToken } from './feishu-auth-routes';
import { fail, parseJson, readBody, RouteRegistrar } from './feishu-simulator-http';
import type { SeedUser } from './feishu-seed';
import type { FeishuSimulatorState } from './feishu-simulator-state';

/** Contacts (contact v3): looking up tenant users by e-mail or mobile. */
export function registerContactRoutes(route: RouteRegistrar, state: FeishuSimulatorState): void {
  route(
    'contact.users.batch_get_id',
    'POST',
    /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
    async (req, url) => {
      requireTenantToken(state, req);
      const idType = url.searchParams.get('user_id_type') ?? 'open_id';
      if (!['open_id', 'union_id', 'user_id'].includes(idType))
        fail(99992402, 'field validation failed: user_id_type', 400);
      const body = parseJson(await readBody(req));
      const list = (field: string): string[] => {
        const value = body[field];
        if (value === undefined) return [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string') || value.length > 50)
          fail(99992402, `field validation failed: ${field} must be at most 50 strings`, 400);
        return value as string[];
      };
      const emails = list('emails');
      const mobiles = list('mobiles');
      if (!emails.length && !mobiles.length)
        fail(99992402, 'field validation failed: emails or mobiles', 400);
      const idOf = (u: SeedUser) =>
        idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.openId.slice(3);
      const status = {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      };
      // Unknown addresses come back without user_id, as Feishu answers them.
      const user_list = [
        ...emails.map((email) => {
          const user = state.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
          return user ? { user_id: idOf(user), email, status } : { email };
        }),
        ...mobiles.map((mobile) => ({ mobile })),
      ];
      return { code: 0, msg: 'success', data: { user_list } };
    },
  );
}
