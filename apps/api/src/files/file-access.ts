import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, Action, accessibleWhere, AppAbility, AuthUser } from '@portico/auth';
import { Repository } from 'typeorm';
import { ForbiddenError, NotFoundError } from '../common';
import { Workspace } from '../workspaces';
import { WorkspacesService } from '../workspaces';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEQ = 2_147_483_647;

/** A revision with the workspace its authorization rules are written against. */
export type LoadedRevision = FileRevision & { file: FileEntity & { workspace: Workspace } };

/**
 * Who may see which file and revision: the one place the files module turns a caller into a
 * visibility filter (CASL rules + workspace access), shared by listing, downloads and uploads.
 */
@Injectable()
export class FileAccess {
  constructor(
    @InjectRepository(FileEntity) private readonly files: Repository<FileEntity>,
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
  ) {}

  abilityOf(user: AuthUser): AppAbility {
    return this.abilities.createForUser(user);
  }

  /** Visible-but-forbidden is 403; the caller has already been shown the row exists. */
  require(
    ability: AppAbility,
    action: Action,
    type: 'File' | 'FileRevision',
    row: object,
    field?: string,
  ): void {
    if (!ability.can(action, subject(type, { ...row }), field)) {
      throw new ForbiddenError(`Not allowed to ${action} this ${type === 'File' ? 'file' : 'revision'}`);
    }
  }

  visibleFiles(user: AuthUser) {
    const qb = this.files.createQueryBuilder('file').innerJoinAndSelect('file.workspace', 'workspace');
    qb.where(accessibleWhere(this.abilityOf(user), 'read', 'File', 'file'));
    return this.workspaces.applyAccessFilter(qb, 'workspace', user, 'read');
  }

  visibleRevisions(user: AuthUser) {
    const qb = this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file')
      .innerJoinAndSelect('file.workspace', 'workspace');
    qb.where(accessibleWhere(this.abilityOf(user), 'read', 'FileRevision', 'revision'));
    return this.workspaces.applyAccessFilter(qb, 'workspace', user, 'read');
  }

  async loadFile(user: AuthUser, fileId: string): Promise<FileEntity & { workspace: Workspace }> {
    if (!UUID.test(fileId)) throw new NotFoundError('File not found');
    const file = await this.visibleFiles(user).andWhere('file.id = :fileId', { fileId }).getOne();
    if (!file) throw new NotFoundError('File not found');
    return file as FileEntity & { workspace: Workspace };
  }

  async loadRevision(user: AuthUser, fileId: string, seq: number): Promise<LoadedRevision> {
    if (!UUID.test(fileId) || !Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) {
      throw new NotFoundError('Revision not found');
    }
    const revision = await this.visibleRevisions(user)
      .andWhere('revision.file_id = :fileId', { fileId })
      .andWhere('revision.seq = :seq', { seq })
      .getOne();
    if (!revision) throw new NotFoundError('Revision not found');
    return revision as LoadedRevision;
  }
}
