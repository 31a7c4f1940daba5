import { adler32 } from '../adler32';
import { requireTenantToken } from './feishu-auth-routes';
import {
  fail,
  fileField,
  parseJson,
  parseMultipart,
  randomId,
  readBody,
  RouteRegistrar,
  textField,
} from './feishu-simulator-http';
import type { FeishuSimulatorState } from './feishu-simulator-state';

const UPLOAD_ALL_LIMIT = 20 * 1024 * 1024;
const BLOCK_SIZE = 4 * 1024 * 1024;

/** Drive uploads: `upload_all` up to 20 MB, and the chunked `upload_prepare` / `upload_part` / `upload_finish`. */
export function registerDriveUploadRoutes(route: RouteRegistrar, state: FeishuSimulatorState): void {
  const checkUploadTarget = (fileName: string, parentType: string, parentNode: string, size: number) => {
    if (!fileName || fileName.length > 250) fail(1061002, 'params error: file_name');
    if (parentType !== 'explorer') fail(1061002, 'params error: parent_type');
    if (!state.folders.has(parentNode)) fail(1061044, 'parent node not exist.');
    if (!Number.isInteger(size) || size <= 0) fail(1061002, 'params error: size');
  };

  route('drive.files.upload_all', 'POST', /^\/open-apis\/drive\/v1\/files\/upload_all$/, async (req) => {
    requireTenantToken(state, req);
    const body = await readBody(req);
    const form = await parseMultipart(req, body);
    const size = Number(textField(form, 'size'));
    checkUploadTarget(
      textField(form, 'file_name'),
      textField(form, 'parent_type'),
      textField(form, 'parent_node'),
      size,
    );
    if (size > UPLOAD_ALL_LIMIT)
      fail(1061043, 'file size beyond limit. use upload_prepare for files over 20 MB');
    const content = await fileField(form, 'file');
    if (!content || content.length === 0) fail(1061002, 'params error: file');
    if (content.length !== size) fail(1062008, 'checksum param Invalid: size does not match file');
    return {
      code: 0,
      msg: 'success',
      data: {
        file_token: state.storeUpload(
          textField(form, 'file_name'),
          textField(form, 'parent_node'),
          content,
          'upload_all',
          1,
        ),
      },
    };
  });

  route(
    'drive.files.upload_prepare',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/upload_prepare$/,
    async (req) => {
      requireTenantToken(state, req);
      const body = parseJson(await readBody(req));
      const size = Number(body.size);
      checkUploadTarget(
        String(body.file_name ?? ''),
        String(body.parent_type ?? ''),
        String(body.parent_node ?? ''),
        size,
      );
      const uploadId = randomId('upl', 30);
      const blockNum = Math.ceil(size / BLOCK_SIZE);
      state.pendingUploads.set(uploadId, {
        uploadId,
        fileName: String(body.file_name),
        parentNode: String(body.parent_node),
        size,
        blockNum,
        parts: new Map(),
      });
      return {
        code: 0,
        msg: 'success',
        data: { upload_id: uploadId, block_size: BLOCK_SIZE, block_num: blockNum },
      };
    },
  );

  route('drive.files.upload_part', 'POST', /^\/open-apis\/drive\/v1\/files\/upload_part$/, async (req) => {
    requireTenantToken(state, req);
    const body = await readBody(req);
    const form = await parseMultipart(req, body);
    const upload = state.pendingUploads.get(textField(form, 'upload_id'));
    if (!upload) fail(1061002, 'params error: upload_id');
    const seq = Number(textField(form, 'seq'));
    if (!Number.isInteger(seq) || seq < 0 || seq >= upload.blockNum) fail(1061002, 'params error: seq');
    // Parts must arrive one after another; a part ahead of the next expected one means parallel sending.
    // Re-sending an earlier part (a retry) is allowed.
    if (seq > upload.parts.size) fail(1061002, `params error: part ${seq} before part ${upload.parts.size}`);
    const content = await fileField(form, 'file');
    const expected =
      seq === upload.blockNum - 1 ? upload.size - BLOCK_SIZE * (upload.blockNum - 1) : BLOCK_SIZE;
    if (!content || content.length !== expected || Number(textField(form, 'size')) !== expected) {
      fail(1062008, `checksum param Invalid: part ${seq} must be ${expected} bytes`);
    }
    // The optional Adler-32 of the part: one that does not match its bytes is refused.
    const checksum = textField(form, 'checksum');
    if (checksum && checksum !== String(adler32(content))) {
      fail(1062008, `checksum param Invalid: part ${seq} does not match its checksum`);
    }
    upload.parts.set(seq, content);
    return { code: 0, msg: 'success', data: {} };
  });

  route(
    'drive.files.upload_finish',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/upload_finish$/,
    async (req) => {
      requireTenantToken(state, req);
      const body = parseJson(await readBody(req));
      const upload = state.pendingUploads.get(String(body.upload_id ?? ''));
      if (!upload) fail(1061002, 'params error: upload_id');
      if (Number(body.block_num) !== upload.blockNum || upload.parts.size !== upload.blockNum) {
        fail(1061041, 'upload not complete: missing parts');
      }
      const content = Buffer.concat([...Array(upload.blockNum).keys()].map((i) => upload.parts.get(i)!));
      state.pendingUploads.delete(upload.uploadId);
      return {
        code: 0,
        msg: 'success',
        data: {
          file_token: state.storeUpload(
            upload.fileName,
            upload.parentNode,
            content,
            'chunked',
            upload.blockNum,
          ),
        },
      };
    },
  );
}
