export { FileRevision, REVISION_STATES, type RevisionState } from './entities/file-revision.entity';
export { FileEntity } from './entities/file.entity';
export { ATTACH_TO_JIRA_JOB, UPLOAD_TO_FEISHU_JOB, type RevisionFlowBackJob } from './file-flow-back';
export { FilesModule } from './files.module';
export { FilesService } from './files.service';
export { RevisionRefs, type ReadableRevision, type RevisionRef } from './revision-refs';
export { toFileDto, toRevisionDto } from './dto/file-response.dto';
export { RevisionUploadService } from './uploads/revision-upload.service';
