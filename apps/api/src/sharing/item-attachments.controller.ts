import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import type { FastifyReply } from 'fastify';
import { type RequestMeta, ClientMeta } from '../audit';
import { refuseHead, UuidParamPipe } from '../common';
import { contentDisposition } from '../storage';
import { AttachmentDownloadQueryDto } from './dto/item-query.dto';
import { ItemAttachmentsService } from './item-attachments.service';

/** A declared type we pass on as it is; anything odd is served as opaque bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

@ApiTags('sharing')
@ApiBearerAuth()
@Controller('v1')
export class ItemAttachmentsController {
  constructor(private readonly attachments: ItemAttachmentsService) {}

  @Get('items/:id/attachments/:attachmentId')
  @CheckAbility('read', 'SharedItem')
  @ApiOperation({
    summary: 'Download an attachment of the latest published version, or of the version a transmittal issued',
    description:
      'Streams the file from the source through Portico (never a Jira URL). Only attachments listed in the ' +
      "item's latest published version can be downloaded, or, with `transmittal` and `version`, in the version " +
      'that transmittal lists. Audited as `item.attachment.downloaded`. ' +
      'Suppliers get what the workspace’s download policy for `attachments` allows: under `watermarked` a ' +
      'stamped copy (PDF, PNG and JPEG keep their format), under `view_only` nothing (403). With `transmittal`, ' +
      'the stamp shows that transmittal’s number (400 naming `transmittal` unless it lists the item at `version`).',
  })
  @ApiForbiddenResponse({
    description: 'Refused by the download policy: problem+json with `policy` and `category: attachments`',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The file, as a download (`Content-Disposition: attachment` with its real name)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiNotFoundResponse({
    description: 'Item not visible, or the attachment is not in that published version',
  })
  @ApiBadRequestResponse({
    description:
      '`transmittal` is not one the caller can see that lists this version, or `version` is an earlier one without it',
  })
  @ApiBadGatewayResponse({ description: 'The source did not deliver the file' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('attachmentId') attachmentId: string,
    @Query() query: AttachmentDownloadQueryDto,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    refuseHead(reply);
    const { attachment, content } = await this.attachments.open(user, id, attachmentId, meta, {
      transmittalId: query.transmittal,
      version: query.version,
    });
    const declared = [attachment.mimeType, content.contentType?.split(';')[0].trim()].find(
      (type): type is string => !!type && MEDIA_TYPE.test(type),
    );
    void reply
      .header('Content-Type', declared ?? 'application/octet-stream')
      .header('Content-Disposition', contentDisposition('attachment', attachment.filename))
      // A download, never a page of ours: no sniffing into HTML, no caching after a withdrawal.
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store');
    if (content.size !== undefined) void reply.header('Content-Length', String(content.size));
    await reply.send(content.stream);
  }
}
