import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { API_TOKEN_PREFIX, ApiTokenResolver, AuthUser } from '@portico/auth';
import { AuditService, RequestMeta } from '../audit';
import { BadInputError, ForbiddenError, NotFoundError } from '../common';
import { OrganizationsService } from '../organizations';
import { UsersService } from '../users';
import { ApiToken } from './entities/api-token.entity';
import type { CreateApiTokenDto } from './dto/api-token-input.dto';

const MAX_LIFETIME_MS = 366 * 24 * 3600_000;
/** Last use is written at most this often per token: one UPDATE a minute, not one per request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * SHA-256, not a password hash: the secret is 256 random bits, so there is nothing to guess and a
 * slow hash would only cost every request its time. The digest is looked up by equality (unique index).
 */
const digest = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Organisation tokens (acting as the organisation's service user, with a supplier_member's rules)
 * and personal tokens of internal users (acting as themselves); both narrowed by their scopes.
 * Every request reads its token row, so a revocation holds at once on every API process.
 */
@Injectable()
export class ApiTokensService implements ApiTokenResolver {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Supplier admins for their own organisation, admins for any supplier organisation; others get 404. */
  private async manageableOrg(caller: AuthUser, orgId: string): Promise<void> {
    await this.organizations.requireSupplierAdmin(caller, orgId, 'API tokens');
  }

  async listForOrg(caller: AuthUser, orgId: string): Promise<ApiToken[]> {
    await this.manageableOrg(caller, orgId);
    return this.tokens.find({ where: { orgId, kind: 'organization' }, order: { createdAt: 'DESC' } });
  }

  listPersonal(caller: AuthUser): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId: caller.id, kind: 'personal' }, order: { createdAt: 'DESC' } });
  }

  async createForOrg(caller: AuthUser, orgId: string, dto: CreateApiTokenDto, meta: RequestMeta) {
    await this.manageableOrg(caller, orgId);
    return this.create(caller, 'organization', orgId, dto, meta);
  }

  async createPersonal(caller: AuthUser, dto: CreateApiTokenDto, meta: RequestMeta) {
    if (caller.orgKind !== 'internal')
      throw new ForbiddenError(
        'Personal API tokens are for internal users; ask your admin for an organisation token',
      );
    return this.create(caller, 'personal', caller.orgId, dto, meta);
  }

  private async create(
    caller: AuthUser,
    kind: ApiToken['kind'],
    orgId: string,
    dto: CreateApiTokenDto,
    meta: RequestMeta,
  ): Promise<{ token: ApiToken; secret: string }> {
    const expiresAt = new Date(dto.expiresAt);
    if (!(expiresAt.getTime() > Date.now()) || expiresAt.getTime() > Date.now() + MAX_LIFETIME_MS)
      throw new BadInputError('Invalid expiry', [
        { field: 'expiresAt', message: 'must be in the future and at most one year from now' },
      ]);
    const secret = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.dataSource.transaction(async (manager) => {
      const userId =
        kind === 'personal' ? caller.id : (await this.users.ensureServiceUser(orgId, manager)).id;
      const row = manager.create(ApiToken, {
        kind,
        orgId,
        userId,
        createdBy: caller.id,
        name: dto.name.trim(),
        scopes: [...dto.scopes].sort(),
        secretHash: digest(secret),
        prefix: secret.slice(0, 12),
        expiresAt,
      });
      const saved = await manager.save(row);
      await this.audit.record(
        {
          action: 'api_token.created',
          actor: caller,
          orgId,
          resourceType: 'ApiToken',
          resourceId: saved.id,
          meta,
          details: { name: saved.name, kind, scopes: saved.scopes, expiresAt: expiresAt.toISOString() },
        },
        manager,
      );
      return saved;
    });
    return { token, secret };
  }

  async revokeForOrg(caller: AuthUser, orgId: string, id: string, meta: RequestMeta): Promise<void> {
    await this.manageableOrg(caller, orgId);
    await this.revoke(caller, { id, orgId, kind: 'organization' }, meta);
  }

  async revokePersonal(caller: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await this.revoke(caller, { id, userId: caller.id, kind: 'personal' }, meta);
  }

  private async revoke(
    caller: AuthUser,
    where: Partial<Pick<ApiToken, 'id' | 'orgId' | 'userId' | 'kind'>>,
    meta: RequestMeta,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(ApiToken, { where, lock: { mode: 'pessimistic_write' } });
      if (!token) throw new NotFoundError('API token not found');
      if (token.revokedAt) return;
      await manager.update(ApiToken, { id: token.id }, { revokedAt: () => 'now()' });
      await this.audit.record(
        {
          action: 'api_token.revoked',
          actor: caller,
          orgId: token.orgId,
          resourceType: 'ApiToken',
          resourceId: token.id,
          meta,
          details: { name: token.name, kind: token.kind },
        },
        manager,
      );
    });
  }

  /** Called by the JWT strategy for every `Bearer ptk_…` request. */
  async resolveApiToken(secret: string, ip: string | undefined): Promise<AuthUser | null> {
    const token = await this.tokens
      .createQueryBuilder('token')
      .where('token.secret_hash = :hash', { hash: digest(secret) })
      .andWhere('token.revoked_at IS NULL')
      .andWhere('token.expires_at > now()')
      .getOne();
    if (!token) return null;
    const account = await this.users.resolveAccount(token.userId);
    if (!account) return null;
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
      // Conditional, so concurrent requests on several processes still write about once a minute.
      await this.tokens
        .createQueryBuilder()
        .update(ApiToken)
        .set({ lastUsedAt: () => 'now()', lastUsedIp: ip?.slice(0, 64) ?? null })
        .where('id = :id', { id: token.id })
        .andWhere(`(last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`)
        .execute();
    }
    return {
      ...account,
      // An organisation token has a supplier_member's rules, whatever its service user's row says.
      role: token.kind === 'organization' ? 'supplier_member' : account.role,
      mfaEnrollmentRequired: undefined,
      apiToken: { id: token.id, name: token.name, scopes: token.scopes },
    };
  }
}
