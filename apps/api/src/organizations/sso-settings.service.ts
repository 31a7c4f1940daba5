import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError, Repository } from 'typeorm';
import { AppAbility, AuthUser } from '@portico/auth';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  EgressRefusedError,
  checkEgressUrl,
  egressPolicy,
  SecretBox,
} from '../common';
import { AuditService, RequestMeta } from '../audit';
import { APP_CONFIG, type AppConfig } from '../config';
import { UsersService } from '../users';
import { WorkspacesService } from '../workspaces';
import { OrganizationSso, OrganizationSsoDomain } from './entities/organization-sso.entity';
import { Organization } from './entities/organization.entity';
import type { SaveSsoSettingsDto } from './dto/sso-input.dto';
import { discoverIssuer, OidcClientSettings, oidcFailure } from './oidc-issuer';
import { OrganizationsService } from './organizations.service';

export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/** An organisation's SSO settings with the client secret opened, for the sign-in flow only. */
export interface SsoConnection extends OidcClientSettings {
  orgId: string;
  emailDomains: string[];
  createUnknownUsers: boolean;
  requireSso: boolean;
}

/**
 * OpenID Connect settings per supplier organisation. Managed by admins and by the PM who looks after
 * the organisation (owns or co-owns one of its workspaces); the client secret is sealed at rest with
 * the same scheme as TOTP seeds and never leaves the server.
 */
@Injectable()
export class SsoSettingsService {
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(OrganizationSso) private readonly settings: Repository<OrganizationSso>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.jwtSecret, 'oidc-client-secret');
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}${SSO_CALLBACK_PATH}`;
  }

  /** The organisation's settings, null while it has none. */
  async get(caller: AuthUser, ability: AppAbility, orgId: string): Promise<OrganizationSso | null> {
    await this.manageable(caller, ability, orgId);
    return this.settings.findOneBy({ orgId });
  }

  async save(
    caller: AuthUser,
    ability: AppAbility,
    orgId: string,
    dto: SaveSsoSettingsDto,
    meta: RequestMeta,
  ): Promise<OrganizationSso | null> {
    await this.manageable(caller, ability, orgId);
    const existing = await this.settings
      .createQueryBuilder('s')
      .addSelect('s.clientSecret')
      .where('s.orgId = :orgId', { orgId })
      .getOne();
    if (!dto.clientSecret && !existing)
      throw new BadInputError('A client secret is required', [
        { field: 'clientSecret', message: 'is required' },
      ]);
    const clientSecret = dto.clientSecret ?? this.box.open(existing!.clientSecret);
    const issuer = dto.issuer.trim();
    const domains = [...new Set(dto.emailDomains.map((d) => d.trim().toLowerCase()))];
    await this.assertDomainsFree(orgId, domains);
    await this.assertDiscoverable({ issuer, clientId: dto.clientId, clientSecret });
    try {
      await this.dataSource.transaction(async (manager) => {
        const row = {
          orgId,
          issuer,
          clientId: dto.clientId,
          clientSecret: this.box.seal(clientSecret),
          emailDomains: domains,
          createUnknownUsers: dto.createUnknownUsers,
          requireSso: dto.requireSso,
        };
        await manager.getRepository(OrganizationSso).save(row);
        const domainRows = manager.getRepository(OrganizationSsoDomain);
        await domainRows.delete({ orgId });
        await domainRows.insert(domains.map((domain) => ({ domain, orgId })));
        await this.audit.record(
          {
            action: existing ? 'organization.sso.updated' : 'organization.sso.configured',
            actor: caller,
            orgId,
            resourceType: 'Organization',
            resourceId: orgId,
            meta,
            details: {
              issuer,
              clientId: dto.clientId,
              clientSecretChanged: dto.clientSecret !== undefined,
              emailDomains: domains,
              createUnknownUsers: dto.createUnknownUsers,
              requireSso: dto.requireSso,
            },
          },
          manager,
        );
      });
    } catch (error) {
      // Two organisations saving the same domain at once: the primary key decides.
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505')
        throw domainConflict();
      throw error;
    }
    return this.settings.findOneBy({ orgId });
  }

  async remove(caller: AuthUser, ability: AppAbility, orgId: string, meta: RequestMeta): Promise<void> {
    await this.manageable(caller, ability, orgId);
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.getRepository(OrganizationSso).delete({ orgId });
      if (!affected) throw new NotFoundError('Single sign-on is not configured for this organisation');
      await this.audit.record(
        {
          action: 'organization.sso.removed',
          actor: caller,
          orgId,
          resourceType: 'Organization',
          resourceId: orgId,
          meta,
        },
        manager,
      );
    });
  }

  /** The organisation whose SSO claims the address's domain, with its opened secret; null when none. */
  async connectionForEmail(email: string): Promise<SsoConnection | null> {
    const domain = emailDomainOf(email);
    if (!domain) return null;
    const owner = await this.dataSource.getRepository(OrganizationSsoDomain).findOneBy({ domain });
    return owner ? this.connection(owner.orgId) : null;
  }

  async connection(orgId: string): Promise<SsoConnection | null> {
    const row = await this.settings
      .createQueryBuilder('s')
      .addSelect('s.clientSecret')
      .innerJoin('organization', 'org', 'org.id = s.orgId')
      .where('s.orgId = :orgId', { orgId })
      .andWhere(`org.status = 'active'`)
      .getOne();
    if (!row) return null;
    return {
      orgId,
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret: this.box.open(row.clientSecret),
      emailDomains: row.emailDomains,
      createUnknownUsers: row.createUnknownUsers,
      requireSso: row.requireSso,
    };
  }

  /**
   * Whether password sign-in, reset and invitation passwords are off for this address: its
   * organisation (if known) or the organisation claiming its domain requires SSO.
   */
  async ssoRequired(by: { orgId?: string; email?: string }): Promise<boolean> {
    const orgIds: string[] = [];
    if (by.orgId) orgIds.push(by.orgId);
    const domain = by.email ? emailDomainOf(by.email) : null;
    if (domain) {
      const owner = await this.dataSource.getRepository(OrganizationSsoDomain).findOneBy({ domain });
      if (owner) orgIds.push(owner.orgId);
    }
    if (!orgIds.length) return false;
    return this.settings.existsBy({ orgId: In(orgIds), requireSso: true });
  }

  /** 404 for an organisation the caller cannot see; 403 unless admin or the PM looking after it. */
  private async manageable(caller: AuthUser, ability: AppAbility, orgId: string): Promise<Organization> {
    const org = await this.organizations.getVisible(ability, orgId);
    if (org.kind !== 'supplier')
      throw new NotFoundError('Single sign-on is configured for supplier organisations only');
    const allowed =
      ability.can('manage', 'all') ||
      (caller.role === 'pm' && (await this.workspaces.managesSupplierOrg(caller.id, orgId)));
    if (!allowed)
      throw new ForbiddenError(
        'Only an administrator or the PM who owns a workspace of this organisation manages its single sign-on',
      );
    return org;
  }

  private async assertDomainsFree(orgId: string, domains: string[]): Promise<void> {
    const taken = await this.dataSource
      .getRepository(OrganizationSsoDomain)
      .createQueryBuilder('d')
      .where('d.domain IN (:...domains)', { domains })
      .andWhere('d.orgId <> :orgId', { orgId })
      .getMany();
    if (taken.length) throw domainConflict(taken.map((d) => d.domain));
    // Staff addresses stay with Portico's own sign-in, whatever a supplier's IdP claims.
    const internalOrgs = await this.dataSource
      .getRepository(Organization)
      .find({ where: { kind: 'internal' }, select: { id: true } });
    const internal = await this.users.emailDomainsAmong(
      internalOrgs.map((o) => o.id),
      domains,
    );
    if (internal.length) {
      const message = `used by the internal organisation: ${internal.join(', ')}`;
      throw new ConflictError(`Email domain ${message}`, [{ field: 'emailDomains', message }]);
    }
  }

  private async assertDiscoverable(settings: OidcClientSettings): Promise<void> {
    const policy = egressPolicy(this.config);
    try {
      checkEgressUrl(settings.issuer, policy);
      await discoverIssuer(settings, policy);
    } catch (error) {
      const message =
        error instanceof EgressRefusedError
          ? `is not an allowed destination: ${error.message}`
          : `discovery failed: ${oidcFailure(error)}`;
      throw new BadInputError(`The issuer could not be used: ${message}`, [{ field: 'issuer', message }]);
    }
  }
}

/** The lower-cased domain of an email address, or null when it has none. */
export function emailDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain =
    at > 0
      ? email
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return domain || null;
}

function domainConflict(domains?: string[]): ConflictError {
  // Which organisation holds the domain is not said: the caller may not be allowed to see it.
  const message = domains?.length
    ? `already used by another organisation: ${domains.join(', ')}`
    : 'a domain is already used by another organisation';
  return new ConflictError(`Email domain ${message}`, [{ field: 'emailDomains', message }]);
}
