import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AllowWithoutMfa, AuthUser, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { ConfirmMfaDto, DisableMfaDto } from './dto/mfa-input.dto';
import {
  MfaEnrolmentDto,
  RecoveryCodesDto,
  toMfaEnrolmentDto,
  toRecoveryCodesDto,
} from './dto/mfa-response.dto';
import { MfaService } from './mfa.service';

@ApiTags('me')
@ApiBearerAuth()
@AllowWithoutMfa()
@Controller('v1/me/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post()
  @ApiOperation({ summary: 'Start TOTP enrolment: a new secret, its otpauth URI and QR code' })
  @ApiCreatedResponse({ type: MfaEnrolmentDto })
  @ApiConflictResponse({ description: 'Already enabled' })
  async start(@CurrentUser() caller: AuthUser): Promise<MfaEnrolmentDto> {
    return toMfaEnrolmentDto(await this.mfa.startEnrolment(caller));
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm enrolment with a first code; returns the recovery codes' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: 'Wrong code' })
  async confirm(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ConfirmMfaDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RecoveryCodesDto> {
    return toRecoveryCodesDto(await this.mfa.confirm(caller, dto.code, meta));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn TOTP off (password required; refused when the organisation requires it)' })
  @ApiNoContentResponse()
  async disable(
    @CurrentUser() caller: AuthUser,
    @Body() dto: DisableMfaDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.mfa.disable(caller, dto.password, meta);
  }
}
