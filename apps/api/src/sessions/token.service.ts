import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not, Repository } from 'typeorm';
import { type AppConfig, APP_CONFIG } from '../config';
import { RefreshToken } from './entities/refresh-token.entity';
import { SecretBox } from '../common';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 14;

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

export type RotationResult =
  | { outcome: 'rotated'; userId: string; refresh: IssuedRefreshToken }
  | { outcome: 'reused'; userId: string; familyId: string }
  | { outcome: 'invalid' };

@Injectable()
export class TokenService {
  private readonly successors: SecretBox;

  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.successors = new SecretBox(config.jwtSecret, 'refresh-token-successor');
  }

  signAccessToken(userId: string, sessionVersion: number): string {
    return this.jwt.sign({ ver: sessionVersion }, { subject: userId });
  }

  async issueRefreshToken(
    userId: string,
    familyId: string = randomUUID(),
    manager?: EntityManager,
  ): Promise<IssuedRefreshToken & { id: string }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    const repository = manager ? manager.getRepository(RefreshToken) : this.refreshTokens;
    const { identifiers } = await repository.insert({
      userId,
      familyId,
      tokenHash: hashToken(token),
      expiresAt,
    });
    return { id: identifiers[0].id as string, token, expiresAt };
  }

  /**
   * Exchanges a refresh token for a new one of the same family; the old one dies. A token that was
   * already exchanged is being replayed — by a thief or by its owner after theft — so its whole
   * family is revoked and the caller must sign in again. Except just after its rotation: two tabs
   * refreshing at once present the same token, and the later one gets the same successor.
   */
  rotate(token: string): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(RefreshToken);
      const current = await repository
        .createQueryBuilder('t')
        .addSelect('t.successorSealed')
        .setLock('pessimistic_write')
        .where('t.tokenHash = :hash', { hash: hashToken(token) })
        .getOne();
      if (!current) return { outcome: 'invalid' } as const;
      if (current.revokedAt) {
        if (!current.replacedBy) return { outcome: 'invalid' } as const;
        const again = await this.successorWithinGrace(current, manager);
        if (again) return { outcome: 'rotated', userId: current.userId, refresh: again } as const;
        await this.revokeFamily(current.familyId, manager);
        return { outcome: 'reused', userId: current.userId, familyId: current.familyId } as const;
      }
      if (current.expiresAt.getTime() <= Date.now()) return { outcome: 'invalid' } as const;
      const next = await this.issueRefreshToken(current.userId, current.familyId, manager);
      // Only the newest rotation's successor is kept: an older token's grace is over by now.
      await repository.update(
        { familyId: current.familyId, successorSealed: Not(IsNull()) },
        { successorSealed: null },
      );
      await repository.update(
        { id: current.id },
        {
          revokedAt: new Date(),
          replacedBy: next.id,
          successorSealed: this.config.refreshReuseGraceSeconds > 0 ? this.successors.seal(next.token) : null,
        },
      );
      return {
        outcome: 'rotated',
        userId: current.userId,
        refresh: { token: next.token, expiresAt: next.expiresAt },
      } as const;
    });
  }

  /**
   * The successor of a token rotated less than the reuse interval ago, while that successor is still
   * the live token of the family (not rotated on, not signed out).
   */
  private async successorWithinGrace(
    current: RefreshToken,
    manager: EntityManager,
  ): Promise<IssuedRefreshToken | null> {
    const graceMs = this.config.refreshReuseGraceSeconds * 1000;
    if (!current.successorSealed || !current.revokedAt || Date.now() - current.revokedAt.getTime() > graceMs)
      return null;
    const successor = await manager.getRepository(RefreshToken).findOneBy({ id: current.replacedBy! });
    if (!successor || successor.revokedAt || successor.expiresAt.getTime() <= Date.now()) return null;
    let token: string;
    try {
      token = this.successors.open(current.successorSealed);
    } catch {
      return null; // sealed under another JWT_SECRET
    }
    return hashToken(token) === successor.tokenHash ? { token, expiresAt: successor.expiresAt } : null;
  }

  /** Ends the session the token belongs to; returns its user, or null for an unknown token. */
  async revokeSessionOf(token: string): Promise<string | null> {
    const current = await this.refreshTokens.findOneBy({ tokenHash: hashToken(token) });
    if (!current) return null;
    await this.revokeFamily(current.familyId);
    return current.userId;
  }

  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(RefreshToken) : this.refreshTokens;
    await repository.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await repository.update({ userId, successorSealed: Not(IsNull()) }, { successorSealed: null });
  }

  private async revokeFamily(familyId: string, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(RefreshToken) : this.refreshTokens;
    await repository.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await repository.update({ familyId, successorSealed: Not(IsNull()) }, { successorSealed: null });
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
