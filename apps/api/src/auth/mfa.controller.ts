import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AllowWithoutMfa, AuthUser, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { MfaService } from './mfa.service';

class MfaEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for manual entry' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Portico:ana%40acme.example?secret=...&issuer=Portico' })
  otpauthUri: string;
  @ApiProperty({ description: 'PNG data URL of the otpauth URI as QR code' }) qrCodeDataUrl: string;
}

class ConfirmMfaDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'One-time codes for when the authenticator is lost; shown only once',
  })
  recoveryCodes: string[];
}

class DisableMfaDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password: string;
}

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
  start(@CurrentUser() caller: AuthUser): Promise<MfaEnrolmentDto> {
    return this.mfa.startEnrolment(caller);
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
    return { recoveryCodes: await this.mfa.confirm(caller, dto.code, meta) };
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
