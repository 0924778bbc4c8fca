import type { Severity } from './severity.js';

/**
 * RichMessage is the platform-neutral form of everything Cascade posts (alerts, summaries, command
 * replies). All strings are plain text: each platform renderer escapes them for its own markup.
 */
export interface RichMessage {
  title: string;
  severity?: Severity;
  /** Paragraphs, bullet lists and name/value fields, in order. */
  blocks: MessageBlock[];
  footer?: string;
  image?: MessageImage;
}

export type MessageBlock =
  | { type: 'text'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'fields'; fields: MessageField[] }
  | { type: 'heading'; text: string };

export interface MessageField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface MessageImage {
  png: Buffer;
  filename: string;
  alt?: string;
}
