import { PageQueryDto } from '../../common';

export class WorkspaceQueryDto extends PageQueryDto {}
