import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../audit/audit.service';
import { BadInputError } from '../common/domain-errors';
import { Workspace } from '../workspaces/entities/workspace.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { TransmittalSettingsInputDto } from './dto/transmittal-input.dto';
import { TRANSMITTAL_PURPOSES, TransmittalPurpose } from './entities/transmittal.entity';
import { ReviewCode, TransmittalSettings } from './entities/transmittal-settings.entity';

export const DEFAULT_PURPOSE_LABELS: Record<TransmittalPurpose, string> = {
  for_information: 'For information',
  for_review: 'For review',
  for_approval: 'For approval',
  for_manufacture: 'For manufacture',
};

export const DEFAULT_REVIEW_CODES: ReviewCode[] = [
  { code: 'A', label: 'Approved' },
  { code: 'B', label: 'Approved with comments' },
  { code: 'C', label: 'Revise and resubmit' },
  { code: 'D', label: 'Rejected' },
];

export interface EffectiveSettings {
  code: string;
  purposeLabels: Record<TransmittalPurpose, string>;
  reviewCodes: ReviewCode[];
}

/**
 * The number prefix of a workspace without one set: the first word of its name (up to six letters or
 * digits). Not the Jira project key, which suppliers must not learn.
 */
export function derivedCode(workspace: Pick<Workspace, 'name'>): string {
  const word = workspace.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .find(Boolean);
  return word ? word.slice(0, 6).toUpperCase() : 'T';
}

/** Purpose labels and review codes per workspace (defaults until a PM changes them). */
@Injectable()
export class TransmittalSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  async effective(
    workspace: Workspace,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EffectiveSettings> {
    const row = await manager.getRepository(TransmittalSettings).findOneBy({ workspaceId: workspace.id });
    return {
      code: row?.code ?? derivedCode(workspace),
      purposeLabels: { ...DEFAULT_PURPOSE_LABELS, ...(row?.purposeLabels ?? {}) },
      reviewCodes: row?.reviewCodes?.length ? row.reviewCodes : DEFAULT_REVIEW_CODES,
    };
  }

  /** Suppliers read them too: the codes are what they answer with. */
  async get(user: AuthUser, workspaceId: string): Promise<EffectiveSettings> {
    return this.effective(await this.workspaces.getAccessible(user, workspaceId, 'read'));
  }

  async put(
    user: AuthUser,
    workspaceId: string,
    dto: TransmittalSettingsInputDto,
    meta?: RequestMeta,
  ): Promise<EffectiveSettings> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'update');
    const codes = dto.reviewCodes?.map((c) => c.code.toUpperCase());
    const duplicate = codes?.findIndex((c, i) => codes.indexOf(c) !== i) ?? -1;
    if (duplicate >= 0)
      throw new BadInputError('Duplicate review code', [
        { field: `reviewCodes[${duplicate}].code`, message: 'is listed twice' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(TransmittalSettings);
      const current = await repo.findOneBy({ workspaceId });
      const labels: Record<string, string> = { ...(current?.purposeLabels ?? {}) };
      for (const purpose of TRANSMITTAL_PURPOSES) {
        const label = dto.purposeLabels?.[purpose]?.trim();
        if (label) labels[purpose] = label;
      }
      await repo.save({
        workspaceId,
        code: dto.code ?? current?.code ?? null,
        purposeLabels: labels,
        reviewCodes: dto.reviewCodes
          ? dto.reviewCodes.map((c) => ({ code: c.code.toUpperCase(), label: c.label.trim() }))
          : (current?.reviewCodes ?? null),
        updatedBy: user.id,
        updatedAt: new Date(),
      });
      await this.audit.record(
        {
          action: 'transmittal.settings.updated',
          actor: user,
          orgId: workspace.supplierOrgId,
          workspaceId,
          resourceType: 'workspace',
          resourceId: workspaceId,
          meta,
          details: { fields: Object.keys(dto) },
        },
        manager,
      );
      return this.effective(workspace, manager);
    });
  }
}
