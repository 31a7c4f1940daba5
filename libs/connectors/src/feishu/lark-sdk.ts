import type * as Lark from '@larksuiteoapi/node-sdk';

export type { Lark };

let sdk: typeof Lark | undefined;

/**
 * The Lark SDK, loaded on first use. It is a single 11 MB JavaScript file that costs an API process
 * ~20 MB of memory, which a deployment that never talks to Feishu should not pay.
 */
export function larkSdk(): typeof Lark {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('@larksuiteoapi/node-sdk') as typeof Lark);
}
