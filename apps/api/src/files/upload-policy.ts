import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { BadInputError, FieldError } from '../common';
import { contentTypeOf } from './file-formats';
import { extensionOf, sanitiseFileName } from './file-name';

export interface AcceptedUpload {
  /** The sanitised name the revision is stored and downloaded under. */
  fileName: string;
  extension: string;
  /** Derived from the extension, never from the client's claim. */
  contentType: string;
  size: number;
}

/** The rules an upload must meet before any storage URL is issued (name, type allowlist, size). */
@Injectable()
export class UploadPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set(config.files.allowedExtensions);
    this.maxBytes = config.files.maxUploadBytes;
  }

  /** Returns the accepted upload, or throws a 400 naming every field that breaks the policy. */
  check(input: { fileName: string; size: number }): AcceptedUpload {
    const errors: FieldError[] = [];
    const fileName = sanitiseFileName(input.fileName);
    const extension = extensionOf(fileName);
    if (!fileName || fileName.startsWith('.') || !extension) {
      errors.push({ field: 'fileName', message: 'fileName must be a file name with an extension' });
    } else if (!this.allowed.has(extension)) {
      errors.push({
        field: 'fileName',
        message: `.${extension} files are not accepted; allowed: ${[...this.allowed].join(', ')}`,
      });
    }
    if (!Number.isSafeInteger(input.size) || input.size < 1) {
      errors.push({ field: 'size', message: 'size must be a positive whole number of bytes' });
    } else if (input.size > this.maxBytes) {
      errors.push({ field: 'size', message: `size must not exceed ${this.maxBytes} bytes` });
    }
    if (errors.length) throw new BadInputError('The upload breaks the file policy', errors);
    return { fileName, extension, contentType: contentTypeOf(extension), size: input.size };
  }
}
