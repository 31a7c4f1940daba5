import { ApiProperty } from '@nestjs/swagger';
import { AuthUserDto } from '../../auth/dto/login.dto';

export class MeOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['internal', 'supplier'] }) kind: 'internal' | 'supplier';
  @ApiProperty({ description: 'Members must enrol TOTP' }) requireMfa: boolean;
}

export class MeDto extends AuthUserDto {
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ type: MeOrganizationDto }) organization: MeOrganizationDto;
  @ApiProperty({
    description:
      "The caller's CASL rules, packed (`unpackRules` from @casl/ability/extra, then `createMongoAbility`)",
    type: 'array',
    items: { type: 'array', items: {} },
  })
  rules: unknown[];
}
