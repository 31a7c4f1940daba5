import { Body, Controller, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AbilityFactory,
  AllowWithoutMfa,
  AppAbility,
  AuthUser,
  CurrentAbility,
  CurrentUser,
} from '@portico/auth';
import { NotFoundError } from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { type RequestMeta, ClientMeta } from '../audit';
import { MeDto, toMeDto } from './dto/me-response.dto';
import { ChangePasswordDto, UpdateMeDto } from './dto/user-input.dto';
import { User } from './entities/user.entity';
import { toAuthUser, UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@AllowWithoutMfa()
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly abilities: AbilityFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user, their organisation and their permission rules' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findWithOrganization(caller.id);
    if (!user) throw new NotFoundError('User not found');
    return this.toMe(user);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change own display name or language (nothing else: role, org, status are refused)',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiBadRequestResponse({ description: 'Unknown or invalid field (e.g. role)' })
  async update(
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @Body() dto: UpdateMeDto,
  ): Promise<MeDto> {
    return this.toMe(await this.users.updateMe(caller, ability, dto));
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change own password; ends every session, this one included' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Current password wrong' })
  @ApiUnprocessableEntityResponse({ description: 'New password too short or too common' })
  async changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.users.changePassword(caller, dto, meta);
  }

  @Post('sessions/end')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out everywhere: ends every session of the caller, this one included, on every API process',
  })
  @ApiNoContentResponse()
  async endAllSessions(@CurrentUser() caller: AuthUser, @ClientMeta() meta: RequestMeta): Promise<void> {
    await this.users.endAllSessions(caller, meta);
  }

  private toMe(user: User): MeDto {
    const authUser = toAuthUser(user);
    return toMeDto(user, authUser, {
      jiraSiteUrl: jiraSiteUrl(this.config.raw.JIRA_BASE_URL),
      rules: this.abilities.packedRulesFor(authUser),
    });
  }
}

/** Origin and path of the Jira base URL, without user info, query or fragment (a credential may hide there). */
function jiraSiteUrl(baseUrl: string | undefined): string | null {
  if (!baseUrl) return null;
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}
