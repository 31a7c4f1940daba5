import { ApiProperty } from '@nestjs/swagger';
import type { MfaEnrolment } from '../mfa.service';

export class MfaEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for manual entry' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Portico:ana%40acme.example?secret=...&issuer=Portico' })
  otpauthUri: string;
  @ApiProperty({ description: 'PNG data URL of the otpauth URI as QR code' }) qrCodeDataUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'One-time codes for when the authenticator is lost; shown only once',
  })
  recoveryCodes: string[];
}

export function toMfaEnrolmentDto(e: MfaEnrolment): MfaEnrolmentDto {
  return { secret: e.secret, otpauthUri: e.otpauthUri, qrCodeDataUrl: e.qrCodeDataUrl };
}

export function toRecoveryCodesDto(recoveryCodes: string[]): RecoveryCodesDto {
  return { recoveryCodes };
}
