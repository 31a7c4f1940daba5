import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { IntParamPipe, UuidParamPipe } from '../common';

/** Path pipes of the file and revision routes: `@Param('id', uuid)`, `@Param('seq', seqPipe)`. */
export const uuid = new UuidParamPipe();
export const seqPipe = new IntParamPipe();

/**
 * What every file and revision controller declares (`files.controller.ts`,
 * `uploads/revision-upload.controller.ts`): routes under `v1`, bearer auth, and 404 for a file or
 * revision the caller cannot see.
 */
export const FilesApi = (): ClassDecorator =>
  applyDecorators(
    ApiTags('files'),
    ApiBearerAuth(),
    ApiNotFoundResponse({ description: 'No such file or revision, or not visible to the caller' }),
    Controller('v1'),
  );
