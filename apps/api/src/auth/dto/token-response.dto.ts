import { ApiProperty } from '@nestjs/swagger';
import { AuthUserDto } from '../../users';
import type { SessionTokens } from '../auth.service';

export class TokenResponseDto {
  @ApiProperty({ description: 'Access JWT (HS256) for `Authorization: Bearer`' }) accessToken: string;
  @ApiProperty({ description: 'Lifetime of the access token in seconds', example: 900 }) expiresIn: number;
  @ApiProperty({ type: AuthUserDto }) user: AuthUserDto;
}

/** The refresh token is not in the body: it travels as an `HttpOnly` cookie (`setRefreshCookie`). */
export function toTokenResponseDto(session: SessionTokens): TokenResponseDto {
  return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user };
}
