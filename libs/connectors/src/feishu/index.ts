export * from './feishu-client.port';
export * from './feishu-errors';
export * from './feishu-events';
export * from './lark-feishu-client';
export { BlockType as DocxBlockType } from './docx-blocks';
export type { FeishuBlock, TextElement as DocxTextElement } from './docx-blocks';
export { renderDocxBlocksToHtml } from './docx-html-renderer';
