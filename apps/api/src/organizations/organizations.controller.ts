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
import { type RequestMeta, ClientMeta } from '../audit';
import { UsersService, UserPageDto, toUserDto } from '../users';
import {
  CreateInvitationDto,
  CreateOrganizationDto,
  UpdateOrganizationDto,
} from './dto/organization-input.dto';
import {
  InvitationDto,
  OrganizationDto,
  OrganizationPageDto,
  toInvitationDto,
  toOrganizationDto,
} from './dto/organization-response.dto';
import { InvitationsService } from './invitations.service';
import { LargePageQueryDto, UuidParamPipe } from '../common';
import { OrganizationsService } from './organizations.service';
import { SaveSsoSettingsDto } from './dto/sso-input.dto';
import { SsoSettingsDto, toSsoSettingsDto } from './dto/sso-response.dto';
import { SsoSettingsService } from './sso-settings.service';

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
    @Query() query: LargePageQueryDto,
  ): Promise<OrganizationPageDto> {
    const page = await this.organizations.list(ability, query);
    return { items: page.items.map(toOrganizationDto), nextCursor: page.nextCursor };
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
    return toOrganizationDto(await this.organizations.createSupplier(caller, ability, dto, meta));
  }

  @Get(':id')
  @CheckAbility('read', 'Organization')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse()
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAbility() ability: AppAbility,
  ): Promise<OrganizationDto> {
    return toOrganizationDto(await this.organizations.getVisible(ability, id));
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
    return toOrganizationDto(await this.organizations.update(caller, ability, id, dto, meta));
  }

  @Get(':id/users')
  @CheckAbility('read', 'User')
  @ApiOperation({ summary: 'Members of an organisation, by email' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiNotFoundResponse()
  async members(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAbility() ability: AppAbility,
    @Query() query: LargePageQueryDto,
  ): Promise<UserPageDto> {
    await this.organizations.getVisible(ability, id);
    const page = await this.users.listForOrg(ability, id, query);
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
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
    return toInvitationDto(await this.invitations.invite(caller, ability, id, dto, meta));
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
  async getSso(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<SsoSettingsDto> {
    return toSsoSettingsDto(await this.sso.get(caller, ability, id), this.sso.redirectUri);
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
  async saveSso(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SaveSsoSettingsDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<SsoSettingsDto> {
    return toSsoSettingsDto(await this.sso.save(caller, ability, id, dto, meta), this.sso.redirectUri);
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
