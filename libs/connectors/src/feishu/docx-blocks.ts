/** Shapes of docx v1 blocks as Feishu returns them (contracts/feishu.md §4); only fields Portico reads. */

export const BlockType = {
  Page: 1,
  Text: 2,
  Heading1: 3,
  Heading9: 11,
  Bullet: 12,
  Ordered: 13,
  Code: 14,
  Quote: 15,
  Equation: 16,
  Todo: 17,
  Bitable: 18,
  Callout: 19,
  Divider: 22,
  File: 23,
  Grid: 24,
  GridColumn: 25,
  Image: 27,
  Sheet: 30,
  Table: 31,
  TableCell: 32,
  QuoteContainer: 34,
} as const;

export interface TextElementStyle {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  inline_code?: boolean;
  /** Feishu stores the URL percent-encoded. */
  link?: { url?: string };
}

export interface TextElement {
  text_run?: { content?: string; text_element_style?: TextElementStyle };
  mention_user?: { user_id?: string; text_element_style?: TextElementStyle };
  mention_doc?: {
    token?: string;
    obj_type?: number;
    url?: string;
    title?: string;
    text_element_style?: TextElementStyle;
  };
  equation?: { content?: string; text_element_style?: TextElementStyle };
  reminder?: { notify_time?: string; expire_time?: string };
  file?: { file_token?: string };
  inline_block?: { block_id?: string };
}

export interface TextPayload {
  style?: { align?: number; done?: boolean; folded?: boolean; language?: number; wrap?: boolean };
  elements?: TextElement[];
}

export interface FeishuBlock {
  block_id: string;
  parent_id?: string;
  children?: string[];
  block_type: number;
  page?: TextPayload;
  text?: TextPayload;
  heading1?: TextPayload;
  heading2?: TextPayload;
  heading3?: TextPayload;
  heading4?: TextPayload;
  heading5?: TextPayload;
  heading6?: TextPayload;
  heading7?: TextPayload;
  heading8?: TextPayload;
  heading9?: TextPayload;
  bullet?: TextPayload;
  ordered?: TextPayload;
  code?: TextPayload;
  quote?: TextPayload;
  equation?: TextPayload;
  todo?: TextPayload;
  callout?: { background_color?: number; border_color?: number; emoji_id?: string };
  divider?: Record<string, never>;
  file?: { token?: string; name?: string };
  image?: { token?: string; width?: number; height?: number };
  table?: {
    cells?: string[];
    property?: { row_size?: number; column_size?: number; header_row?: boolean; header_column?: boolean };
  };
  table_cell?: Record<string, never>;
  [key: string]: unknown;
}
