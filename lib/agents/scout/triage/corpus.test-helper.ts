// The real inbound messages in ../shared/fixtures/emails (Sisimai's set-of-emails, see its
// SOURCES.md) with the class their source's folders give them. Read-only: fixtures are never edited.
// Shared by the triage tests and bench/triage.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SHARED_DIR = process.env.SHARED_DIR ? path.resolve(process.env.SHARED_DIR) : path.resolve(repoRoot, '../shared');
export const EMAILS_DIR = path.join(SHARED_DIR, 'fixtures/emails');

/** labels.tsv's classes: what the source's folder says a message is. */
export type CorpusLabel = 'bounce' | 'complaint' | 'autoreply' | 'other';
export const CORPUS_LABELS: readonly CorpusLabel[] = ['bounce', 'complaint', 'autoreply', 'other'];

export interface CorpusMessage {
  file: string;
  label: CorpusLabel;
  raw: Uint8Array;
}

const isLabel = (s: string): s is CorpusLabel => (CORPUS_LABELS as readonly string[]).includes(s);

/** labels.tsv as a map file → label; throws on a label this code does not know. */
export function readLabels(): Map<string, CorpusLabel> {
  const labels = new Map<string, CorpusLabel>();
  const lines = readFileSync(path.join(EMAILS_DIR, 'labels.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [file, rawLabel] = line.split('\t');
    const label = rawLabel?.trim() ?? '';
    if (!file || !isLabel(label)) throw new Error(`labels.tsv: cannot read line "${line}"`);
    labels.set(file.trim(), label);
  }
  return labels;
}

/** Every labelled .eml with its bytes, sorted by file name. */
export function readCorpus(): CorpusMessage[] {
  const labels = readLabels();
  const files = readdirSync(EMAILS_DIR).filter((f) => f.endsWith('.eml')).sort();
  return files.map((file) => {
    const label = labels.get(file);
    if (!label) throw new Error(`${file} has no line in labels.tsv`);
    return { file, label, raw: new Uint8Array(readFileSync(path.join(EMAILS_DIR, file))) };
  });
}

export const readEml = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(EMAILS_DIR, file)));
