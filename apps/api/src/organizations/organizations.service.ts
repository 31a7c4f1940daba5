import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { DataSource, Repository } from 'typeorm';
import { accessibleWhere, AppAbility, AuthUser } from '@portico/auth';
import {
  BadInputError,
  ForbiddenError,
  NotFoundError,
  decodeKeyset,
  LargePageQueryDto,
  Page,
  toPage,
} from '../common';
import { AuditService, RequestMeta } from '../audit';
import { UsersService } from '../users';
import { Organization } from './entities/organization.entity';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization-input.dto';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  findById(id: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ id });
  }

  /**
   * A supplier organisation whose own settings (API tokens, webhook endpoints) the caller manages:
   * its supplier admins, and admins for any supplier organisation. Its other members get 403 naming
   * `what` is theirs to manage; everyone else 404, as if it did not exist.
   */
  async requireSupplierAdmin(caller: AuthUser, orgId: string, what: string): Promise<Organization> {
    const org = await this.findById(orgId);
    const isSupplier = org?.kind === 'supplier';
    if (
      isSupplier &&
      (caller.role === 'admin' || (caller.role === 'supplier_admin' && caller.orgId === orgId))
    )
      return org;
    if (isSupplier && caller.orgId === orgId)
      throw new ForbiddenError(`Only supplier admins manage the ${what} of their organisation`);
    throw new NotFoundError('Organization not found');
  }

  findByName(name: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ name });
  }

  /** An organisation the caller may see, or 404 (another supplier's org is indistinguishable from none). */
  async getVisible(ability: AppAbility, id: string): Promise<Organization> {
    const org = await this.organizations
      .createQueryBuilder('org')
      .where('org.id = :id', { id })
      .andWhere(accessibleWhere(ability, 'read', 'Organization', 'org'))
      .getOne();
    if (!org) throw new NotFoundError('Organization not found');
    return org;
  }

  async list(ability: AppAbility, query: LargePageQueryDto): Promise<Page<Organization>> {
    const limit = query.limit ?? 50;
    const after = decodeKeyset(query.cursor, 2);
    const qb = this.organizations
      .createQueryBuilder('org')
      .where(accessibleWhere(ability, 'read', 'Organization', 'org'))
      .orderBy('org.name', 'ASC')
      .addOrderBy('org.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('(org.name, org.id) > (:name, :id)', { name: after[0], id: after[1] });
    return toPage(await qb.getMany(), limit, (o) => [o.name, o.id]);
  }

  async createSupplier(
    actor: AuthUser,
    ability: AppAbility,
    dto: CreateOrganizationDto,
    meta: RequestMeta,
  ): Promise<Organization> {
    if (ability.cannot('create', subject('Organization', { kind: 'supplier' })))
      throw new ForbiddenError('Not allowed to create organisations');
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Organization);
      const org = await repository.save(
        repository.create({ name: dto.name.trim(), kind: 'supplier', status: 'active' }),
      );
      await this.audit.record(
        {
          action: 'organization.created',
          actor,
          orgId: org.id,
          resourceType: 'Organization',
          resourceId: org.id,
          meta,
          details: { name: org.name },
        },
        manager,
      );
      return org;
    });
  }

  async update(
    actor: AuthUser,
    ability: AppAbility,
    id: string,
    dto: UpdateOrganizationDto,
    meta: RequestMeta,
  ): Promise<Organization> {
    const org = await this.getVisible(ability, id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<
      Pick<Organization, 'name' | 'status' | 'requireMfa'>
    >;
    if (!Object.keys(changes).length)
      throw new BadInputError('Nothing to change', [{ field: 'body', message: 'names no field to change' }]);
    for (const field of Object.keys(changes)) {
      if (ability.cannot('update', subject('Organization', { ...org }), field)) {
        throw new ForbiddenError(`Not allowed to change ${field} of this organisation`, [
          { field, message: 'may not be changed by you' },
        ]);
      }
    }
    if (org.kind === 'internal' && changes.status === 'disabled') {
      throw new ForbiddenError('The internal organisation cannot be disabled', [
        { field: 'status', message: 'cannot disable the internal organisation' },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Organization).update({ id }, changes);
      await this.audit.record(
        {
          action: 'organization.updated',
          actor,
          orgId: id,
          resourceType: 'Organization',
          resourceId: id,
          meta,
          details: { changes },
        },
        manager,
      );
    });
    // Status and the MFA requirement are part of every member's cached account state.
    if (changes.status !== undefined || changes.requireMfa !== undefined) this.users.forgetAll();
    return (await this.findById(id))!;
  }
}
