/**
 * What the Gmail panel may ask of the page it sits in, as one small interface: the panel gets it
 * as a prop, so it never touches Gmail's DOM itself and tests can hand it a stand-in.
 */
import type { AdapterResult } from './adapter';
import { findReplyBox, insertIntoCompose, type ComposeBox, type InsertMethod } from './compose';
import { readVisibleMessages, type VisibleThread } from './visible-messages';

export type InsertOutcome = { ok: true; kind: ComposeBox['kind']; method: InsertMethod } | { ok: false; reason: 'none' | 'several' };

export interface GmailPage {
  /** The DOM-read fallback of the open thread's messages (partial; untrusted text). */
  readVisibleMessages(): AdapterResult<VisibleThread | null>;
  /** Puts text into the open reply (or the one compose window) for the rep to edit; never sends. */
  insertIntoReply(text: string): InsertOutcome;
}

export function gmailPage(doc: Document): GmailPage {
  return {
    readVisibleMessages: () => readVisibleMessages(doc),
    insertIntoReply(text) {
      const target = findReplyBox(doc);
      if (!target.ok) return target;
      return { ok: true, kind: target.box.kind, method: insertIntoCompose(target.box.body, text) };
    },
  };
}
