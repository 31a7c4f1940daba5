import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { ApiTokensService } from './api-tokens.service';
import { CreateApiTokenDto } from './dto/api-token-input.dto';
import {
  ApiTokenListDto,
  CreatedApiTokenDto,
  toApiTokenDto,
  toCreatedApiTokenDto,
} from './dto/api-token-response.dto';

/**
 * Token management is for people signed in: these routes declare no ability, so an API token
 * calling them is refused by the ability guard (a token never mints or revokes tokens).
 */
@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('v1')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get('organizations/:id/api-tokens')
  @ApiOperation({ summary: "The organisation's API tokens (its supplier admins, admins)" })
  @ApiOkResponse({ type: ApiTokenListDto })
  @ApiNotFoundResponse()
  async listForOrg(
    @Param('id', UuidParamPipe) orgId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<ApiTokenListDto> {
    return { items: (await this.tokens.listForOrg(caller, orgId)).map(toApiTokenDto) };
  }

  @Post('organizations/:id/api-tokens')
  @ApiOperation({
    summary: 'Create an organisation API token; its secret is in this answer only',
    description:
      'The token acts as a member of the organisation, narrowed to its scopes. Send it as `Authorization: Bearer ptk_…`.',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  async createForOrg(
    @Param('id', UuidParamPipe) orgId: string,
    @Body() dto: CreateApiTokenDto,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CreatedApiTokenDto> {
    return toCreatedApiTokenDto(await this.tokens.createForOrg(caller, orgId, dto, meta));
  }

  @Delete('organizations/:id/api-tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an organisation API token (at once, on every API process)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async revokeForOrg(
    @Param('id', UuidParamPipe) orgId: string,
    @Param('tokenId', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.tokens.revokeForOrg(caller, orgId, id, meta);
  }

  @Get('me/api-tokens')
  @ApiOperation({ summary: 'Your personal API tokens (internal users)' })
  @ApiOkResponse({ type: ApiTokenListDto })
  async listPersonal(@CurrentUser() caller: AuthUser): Promise<ApiTokenListDto> {
    return { items: (await this.tokens.listPersonal(caller)).map(toApiTokenDto) };
  }

  @Post('me/api-tokens')
  @ApiOperation({
    summary: 'Create a personal API token acting as you, narrowed to its scopes (internal users)',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiForbiddenResponse()
  async createPersonal(
    @Body() dto: CreateApiTokenDto,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CreatedApiTokenDto> {
    return toCreatedApiTokenDto(await this.tokens.createPersonal(caller, dto, meta));
  }

  @Delete('me/api-tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your personal API tokens' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async revokePersonal(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() caller: AuthUser,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.tokens.revokePersonal(caller, id, meta);
  }
}
