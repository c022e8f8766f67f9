import { beforeAll, describe, expect, it } from 'vitest';
import { TriageResult, type TriageClass } from '../model';
import { CORPUS_LABELS, readCorpus, type CorpusLabel, type CorpusMessage } from './corpus.test-helper';
import { noticeOf } from './bounce-text';
import { readInbound } from './inbound';
import { triageRaw } from './triage';

/** Triage's classes folded onto labels.tsv's four. */
const asLabel = (c: TriageClass): CorpusLabel => (c === 'bounce' ? 'bounce' : c === 'complaint' ? 'complaint' : c === 'auto_reply' ? 'autoreply' : 'other');

/**
 * Where triage disagrees with labels.tsv, and why the label (taken from the source's folder
 * names) is not what the message is. Read by hand; every other message must agree.
 */
const DISPUTED_LABELS: Record<string, { label: CorpusLabel; triage: TriageClass; why: string }> = {
  'rfc3464-28.eml': { label: 'bounce', triage: 'other', why: 'a DSN whose every recipient is "Action: deliverable, Status: 2.1.5": a success report, nothing bounced' },
  'lhost-amazonses-13.eml': { label: 'bounce', triage: 'other', why: 'an Amazon SES "notificationType":"Delivery" event with smtpResponse "250 2.6.0 Message received"' },
  'rb-issue-368-bug.eml': { label: 'other', triage: 'bounce', why: 'from postmaster, "email bounce notification": "reject reason: Mailbox full, target mail address: …" (kept in Sisimai\'s not/ folder as a parser regression case)' },
};

interface Scored extends CorpusMessage {
  result: TriageResult;
}

let scored: Scored[] = [];
beforeAll(async () => {
  scored = await Promise.all(readCorpus().map(async (m) => ({ ...m, result: await triageRaw(m.raw) })));
});

function precisionRecall(label: CorpusLabel) {
  const tp = scored.filter((s) => s.label === label && asLabel(s.result.class) === label).length;
  const predicted = scored.filter((s) => asLabel(s.result.class) === label).length;
  const actual = scored.filter((s) => s.label === label).length;
  return { label, actual, predicted, tp, precision: predicted ? tp / predicted : 1, recall: actual ? tp / actual : 1 };
}

describe('triage over the real messages in ../shared/fixtures/emails', () => {
  it('reads every labelled message and gives a result the schema accepts', () => {
    expect(scored.length).toBeGreaterThan(400);
    for (const s of scored) expect(TriageResult.safeParse(s.result).success, s.file).toBe(true);
    for (const s of scored) expect(s.result.method).toBe('rule');
  });

  it('bounce vs not-bounce precision and recall are both at least 0.95 (per-class table printed)', () => {
    const rows = CORPUS_LABELS.map(precisionRecall);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
    console.log(
      ['class       labelled  predicted  correct  precision  recall', ...rows.map((r) => `${r.label.padEnd(11)} ${String(r.actual).padStart(8)} ${String(r.predicted).padStart(10)} ${String(r.tp).padStart(8)} ${pct(r.precision).padStart(10)} ${pct(r.recall).padStart(7)}`)].join('\n'),
    );
    const bounce = precisionRecall('bounce');
    expect(bounce.precision).toBeGreaterThanOrEqual(0.95);
    expect(bounce.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('complaints (ARF, JMRP) and RFC 3834 auto-replies are all recognised, and nothing else is called one', () => {
    for (const label of ['complaint', 'autoreply'] as const) {
      const r = precisionRecall(label);
      expect(r.precision, label).toBe(1);
      expect(r.recall, label).toBe(1);
    }
  });

  it('disagrees with labels.tsv only on the messages whose label was checked by hand and disputed', () => {
    const disagreements = scored.filter((s) => asLabel(s.result.class) !== s.label).map((s) => ({ file: s.file, label: s.label, triage: s.result.class }));
    expect(disagreements).toEqual(
      Object.entries(DISPUTED_LABELS)
        .map(([file, d]) => ({ file, label: d.label, triage: d.triage }))
        .sort((a, b) => a.file.localeCompare(b.file)),
    );
  });

  it('a delivery report wins over Auto-Submitted: auto-replied (many bounces carry it)', async () => {
    const autoSubmittedBounces = [];
    for (const s of scored.filter((x) => x.label === 'bounce' && !(x.file in DISPUTED_LABELS))) {
      const msg = await readInbound(s.raw);
      if (msg.headers.some((h) => h.key === 'auto-submitted' && /auto-replied/i.test(h.value))) autoSubmittedBounces.push(s);
    }
    expect(autoSubmittedBounces.length).toBeGreaterThan(20);
    for (const s of autoSubmittedBounces) expect(s.result.class, s.file).toBe('bounce');
  });

  it('every bounce has a type, and a status and recipient wherever its report or notice states one (coverage printed)', async () => {
    const bounces = scored.filter((s) => s.result.class === 'bounce');
    let statesStatus = 0;
    let withStatus = 0;
    let statesRecipient = 0;
    let withRecipient = 0;
    for (const s of bounces) {
      const b = s.result.bounce;
      expect(b, s.file).toBeDefined();
      expect(['hard', 'soft'], s.file).toContain(b?.type);
      expect(b?.reason, s.file).toMatch(/^[a-z_]+$/);
      const msg = await readInbound(s.raw);
      const notice = noticeOf(msg.text);
      // What the message itself shows, read independently of the rules: a Status field, an
      // enhanced code or an SMTP reply code on a line of the notice; an address in a report or notice.
      const showsStatus = msg.deliveryStatus.some((d) => /^Status:\s*\d/im.test(d)) || notice.split('\n').some((l) => /\b[245]\.\d{1,3}\.\d{1,3}\b|(?:^|[\s:])[45]\d\d(?:[\s,-]|$)/.test(l));
      const showsRecipient = msg.deliveryStatus.some((d) => /^(?:Final|Original)-Recipient:.*@/im.test(d)) || /[\w.+-]+@[\w-]+\.[\w.-]+/.test(notice) || s.file.startsWith('lhost-amazonses');
      if (showsStatus) {
        statesStatus++;
        if (b?.status) withStatus++;
        expect(b?.status, `${s.file} shows a status`).not.toBeNull();
      }
      if (showsRecipient) {
        statesRecipient++;
        if (b?.recipient) withRecipient++;
        expect(b?.recipient, `${s.file} names a recipient`).not.toBeNull();
      }
    }
    const all = bounces.length;
    console.log(
      `bounce report coverage: ${all} bounces; status ${withStatus}/${statesStatus} where stated (${bounces.filter((s) => s.result.bounce?.status).length}/${all} overall); ` +
        `recipient ${withRecipient}/${statesRecipient} where stated (${bounces.filter((s) => s.result.bounce?.recipient).length}/${all} overall)`,
    );
  });

  it('a delivery delay warning is a soft bounce with reason "delayed", never hard', () => {
    const delays = scored.filter((s) => s.result.bounce?.reason === 'delayed');
    expect(delays.map((s) => s.file)).toEqual(expect.arrayContaining(['rhost-outlook-06.eml', 'lhost-opensmtpd-06.eml', 'lhost-messagingserver-07.eml', 'rfc3464-07.eml']));
    for (const s of delays) expect(s.result.bounce?.type, s.file).toBe('soft');
  });
});
