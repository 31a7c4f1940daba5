import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { DataSource, IsNull, Repository } from 'typeorm';
import { AppAbility, AuthUser, roleFitsOrgKind } from '@portico/auth';
import { ForbiddenError, NotFoundError, PolicyViolationError, SsoRequiredError } from '../common';
import { AuditService, RequestMeta } from '../audit';
import { APP_CONFIG, type AppConfig } from '../config';
import { MailService } from '../mail';
import { hashToken } from '../sessions';
import { passwordProblem, UsersService, User } from '../users';
import { Invitation } from './entities/invitation.entity';
import { CreateInvitationDto } from './dto/organization-input.dto';
import { OrganizationsService } from './organizations.service';
import { emailDomainOf, SsoSettingsService } from './sso-settings.service';

export const INVITATION_TTL_DAYS = 7;

@Injectable()
export class InvitationsService {
  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly sso: SsoSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Invites someone into an organisation the caller can see and may invite into. Any earlier
   * pending invitation of the same person stops working: only the newest link is valid.
   *
   * An address that already has an account the caller may not see (another organisation's) gets
   * the answer of a fresh invitation and its owner a notice instead: a 409 would tell a supplier
   * that a competitor's colleague uses Portico. Accounts the caller can see still answer 409.
   */
  async invite(
    actor: AuthUser,
    ability: AppAbility,
    orgId: string,
    dto: CreateInvitationDto,
    meta: RequestMeta,
  ): Promise<Invitation> {
    const org = await this.organizations.getVisible(ability, orgId);
    if (ability.cannot('create', subject('Invitation', { orgId, role: dto.role }))) {
      throw new ForbiddenError(`Not allowed to invite a ${dto.role} into this organisation`, [
        { field: 'role', message: 'may not be granted by you here' },
      ]);
    }
    if (!roleFitsOrgKind(dto.role, org.kind)) {
      throw new PolicyViolationError(`Role ${dto.role} does not fit a ${org.kind} organisation`, [
        { field: 'role', message: 'does not fit the organisation' },
      ]);
    }
    if (org.status !== 'active') throw new PolicyViolationError('The organisation is disabled');
    const sso = await this.sso.connection(orgId);
    if (sso?.requireSso && !sso.emailDomains.includes(emailDomainOf(dto.email) ?? '')) {
      // They could neither choose a password nor pass the domain check of single sign-on.
      throw new PolicyViolationError('This organisation signs in only with its company account', [
        { field: 'email', message: `must be an address of ${sso.emailDomains.join(', ')}` },
      ]);
    }
    const token = randomBytes(32).toString('base64url');
    type Outcome = { existing: User } | { created: Invitation };
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const existing = await this.users.findByEmail(dto.email, manager);
      const pendingHere = existing?.status === 'invited' && existing.orgId === orgId;
      if (existing && !pendingHere && ability.cannot('read', subject('User', { ...existing }))) {
        await this.audit.record(
          {
            action: 'invitation.existing_account_notified',
            actor,
            orgId,
            resourceType: 'User',
            resourceId: existing.id,
            meta,
            details: { email: existing.email, role: dto.role },
          },
          manager,
        );
        return { existing };
      }
      const user = await this.users.createInvited(manager, { orgId, email: dto.email, role: dto.role });
      const repository = manager.getRepository(Invitation);
      await repository.update(
        { userId: user.id, acceptedAt: IsNull(), revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      const created = await repository.save(
        repository.create({
          orgId,
          userId: user.id,
          email: user.email,
          role: dto.role,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
          invitedBy: actor.id,
        }),
      );
      await this.audit.record(
        {
          action: 'invitation.sent',
          actor,
          orgId,
          resourceType: 'Invitation',
          resourceId: created.id,
          meta,
          details: { email: user.email, role: dto.role },
        },
        manager,
      );
      return { created };
    });
    if ('existing' in outcome) {
      await this.mail.send({
        to: outcome.existing.email,
        subject: `${org.name} tried to invite you to Portico`,
        text: [
          `${actor.displayName} of ${org.name} tried to invite this address to Portico as ${dto.role.replace('_', ' ')}.`,
          '',
          'You already have a Portico account with this address, so no invitation was created and nothing',
          'changed for your account. If you are meant to work with them, ask them to contact their Portico',
          'administrator; if you did not expect this, you can ignore this message.',
        ].join('\n'),
      });
      return this.invitations.create({
        id: randomUUID(),
        orgId,
        userId: randomUUID(),
        email: dto.email.toLowerCase(),
        role: dto.role,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
        invitedBy: actor.id,
      });
    }
    const invitation = outcome.created;
    if (await this.sso.ssoRequired({ orgId })) {
      // No password to choose: the first sign-in with the company account activates the account.
      await this.mail.send({
        to: invitation.email,
        subject: `You are invited to ${org.name} on Portico`,
        text: [
          `${actor.displayName} invited you to join ${org.name} on Portico as ${dto.role.replace('_', ' ')}.`,
          '',
          `Sign in with your company account: ${this.config.publicUrl}/login?email=${encodeURIComponent(invitation.email)}`,
          '',
          `The invitation expires in ${INVITATION_TTL_DAYS} days.`,
        ].join('\n'),
      });
      return invitation;
    }
    await this.mail.send({
      to: invitation.email,
      subject: `You are invited to ${org.name} on Portico`,
      text: [
        `${actor.displayName} invited you to join ${org.name} on Portico as ${dto.role.replace('_', ' ')}.`,
        '',
        `Accept the invitation and choose your password: ${this.config.publicUrl}/invitations/${token}`,
        '',
        `The link works once and expires in ${INVITATION_TTL_DAYS} days.`,
      ].join('\n'),
    });
    return invitation;
  }

  /**
   * Accepts an invitation: sets name and password, activates the account. Unknown, used, superseded
   * and expired tokens all answer 404 alike.
   */
  async accept(token: string, displayName: string, password: string, meta: RequestMeta): Promise<User> {
    const invitation = await this.invitations
      .createQueryBuilder('inv')
      .where('inv.tokenHash = :hash', { hash: hashToken(token) })
      .andWhere('inv.acceptedAt IS NULL AND inv.revokedAt IS NULL AND inv.expiresAt > now()')
      .getOne();
    if (!invitation) throw new NotFoundError('Invitation not found, already used or expired');
    if (await this.sso.ssoRequired({ orgId: invitation.orgId, email: invitation.email }))
      throw new SsoRequiredError(
        'This organisation signs in with its company account: use “Sign in with your company account” instead of choosing a password',
        [{ field: 'password', message: 'cannot be set: the organisation requires single sign-on' }],
      );
    const problem = passwordProblem(password, invitation.email);
    if (problem)
      throw new PolicyViolationError(`Password ${problem}`, [{ field: 'password', message: problem }]);
    await this.dataSource.transaction(async (manager) => {
      // Conditional update: of two concurrent accepts, exactly one wins.
      const { affected } = await manager
        .getRepository(Invitation)
        .createQueryBuilder()
        .update()
        .set({ acceptedAt: () => 'now()' })
        .where('id = :id AND accepted_at IS NULL AND revoked_at IS NULL', { id: invitation.id })
        .execute();
      if (affected !== 1) throw new NotFoundError('Invitation not found, already used or expired');
      await this.users.activateInvited(manager, invitation.userId, displayName.trim(), password);
      await this.audit.record(
        {
          action: 'invitation.accepted',
          actor: { id: invitation.userId, orgId: invitation.orgId },
          resourceType: 'Invitation',
          resourceId: invitation.id,
          meta,
        },
        manager,
      );
    });
    return (await this.users.findWithOrganization(invitation.userId))!;
  }

  /** The user's first sign-in came through single sign-on: their pending invitations are used up. */
  async markAcceptedBySso(userId: string, meta: RequestMeta): Promise<void> {
    const pending = await this.invitations.find({
      where: { userId, acceptedAt: IsNull(), revokedAt: IsNull() },
    });
    if (!pending.length) return;
    await this.invitations.update(
      { userId, acceptedAt: IsNull(), revokedAt: IsNull() },
      { acceptedAt: new Date() },
    );
    for (const invitation of pending)
      await this.audit.record({
        action: 'invitation.accepted',
        actor: { id: userId, orgId: invitation.orgId },
        resourceType: 'Invitation',
        resourceId: invitation.id,
        meta,
        details: { method: 'sso' },
      });
  }
}
