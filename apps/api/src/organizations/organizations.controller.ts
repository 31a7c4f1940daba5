import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import type { RequestMeta } from '../audit/audit.service';
import { ClientMeta } from '../audit/request-meta.decorator';
import { UsersService } from '../users/users.service';
import { UserDto, UserPageDto } from '../users/dto/user.dto';
import {
  CreateInvitationDto,
  CreateOrganizationDto,
  InvitationDto,
  OrganizationDto,
  OrganizationPageDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { InvitationsService } from './invitations.service';
import { ListQueryDto } from './list-page';
import { OrganizationsService } from './organizations.service';
import { SaveSsoSettingsDto, SsoSettingsDto } from './dto/sso.dto';
import { SsoSettingsService } from './sso-settings.service';
import { UuidParamPipe } from '../common/param-pipes';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
    private readonly sso: SsoSettingsService,
  ) {}

  @Get()
  @CheckAbility('read', 'Organization')
  @ApiOperation({ summary: 'Organisations visible to the caller (suppliers: only their own)' })
  @ApiOkResponse({ type: OrganizationPageDto })
  async list(
    @CurrentAbility() ability: AppAbility,
    @Query() query: ListQueryDto,
  ): Promise<OrganizationPageDto> {
    const page = await this.organizations.list(ability, query);
    return { items: page.items.map(OrganizationDto.of), nextCursor: page.nextCursor };
  }

  @Post()
  @CheckAbility('create', 'Organization')
  @ApiOperation({ summary: 'Create a supplier organisation (pm, admin)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiForbiddenResponse()
  async create(
    @Body() dto: CreateOrganizationDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.createSupplier(caller, ability, dto, meta));
  }

  @Get(':id')
  @CheckAbility('read', 'Organization')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse()
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAbility() ability: AppAbility,
  ): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.getVisible(ability, id));
  }

  @Patch(':id')
  @CheckAbility('update', 'Organization')
  @ApiOperation({
    summary: 'Rename, disable/enable (pm, admin) or require MFA (admin) for a supplier organisation',
  })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.update(caller, ability, id, dto, meta));
  }

  @Get(':id/users')
  @CheckAbility('read', 'User')
  @ApiOperation({ summary: 'Members of an organisation, by email' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiNotFoundResponse()
  async members(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAbility() ability: AppAbility,
    @Query() query: ListQueryDto,
  ): Promise<UserPageDto> {
    await this.organizations.getVisible(ability, id);
    const page = await this.users.listForOrg(ability, id, query);
    return { items: page.items.map(UserDto.of), nextCursor: page.nextCursor };
  }

  @Post(':id/invitations')
  @CheckAbility('create', 'Invitation')
  @ApiOperation({
    summary:
      'Invite a person by email (7-day single-use link); pm/admin into supplier orgs, supplier_admin into their own',
  })
  @ApiCreatedResponse({
    type: InvitationDto,
    description:
      'Invitation mailed. An address with an account in an organisation the caller cannot see gets the same answer (its owner is notified instead), so the answer never reveals other organisations’ accounts',
  })
  @ApiConflictResponse({
    description: 'The address has an account the caller can see (e.g. in their own organisation)',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  async invite(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateInvitationDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<InvitationDto> {
    const invitation = await this.invitations.invite(caller, ability, id, dto, meta);
    const { orgId, userId, email, role, expiresAt } = invitation;
    return { id: invitation.id, orgId, userId, email, role, expiresAt };
  }

  @Get(':id/sso')
  @CheckAbility('read', 'Organization')
  @ApiOperation({
    summary:
      'Single sign-on (OpenID Connect) settings of a supplier organisation (admin, or the PM owning one of its workspaces)',
  })
  @ApiOkResponse({ type: SsoSettingsDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  getSso(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<SsoSettingsDto> {
    return this.sso.view(caller, ability, id);
  }

  @Put(':id/sso')
  @CheckAbility('read', 'Organization')
  @ApiOperation({
    summary:
      'Configure single sign-on; discovery runs against the issuer before anything is saved. The client secret is stored encrypted and never returned',
  })
  @ApiOkResponse({ type: SsoSettingsDto })
  @ApiBadRequestResponse({ description: 'Invalid field, or discovery failed (names `issuer`)' })
  @ApiConflictResponse({
    description: 'An email domain is already claimed by another organisation (names `emailDomains`)',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  saveSso(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SaveSsoSettingsDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<SsoSettingsDto> {
    return this.sso.save(caller, ability, id, dto, meta);
  }

  @Delete(':id/sso')
  @HttpCode(204)
  @CheckAbility('read', 'Organization')
  @ApiOperation({
    summary: 'Turn single sign-on off for the organisation (members sign in with passwords again)',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  async removeSso(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.sso.remove(caller, ability, id, meta);
  }
}
