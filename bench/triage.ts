import { readCorpus } from '../lib/agents/scout/triage/corpus.test-helper';
import { triageRaw } from '../lib/agents/scout/triage/triage';
import { summarize, type Summary } from './stats';

export interface TriageBenchSample {
  /** Messages triaged per run: the whole real corpus in ../shared/fixtures/emails. */
  messages: number;
  /** Bytes of raw RFC 5322 per run. */
  bytes: number;
  runs: number;
  /** Wall time of one pass over the corpus, per run (ms). */
  totalMs: Summary;
  /** Median pass time → messages per second. */
  messagesPerSecond: number;
  /** The slowest single message seen in any run, and its file. */
  slowest: { file: string; ms: number };
}

/**
 * Scout's deterministic triage (MIME parse, delivery reports, auto-reply and reply rules, date
 * reading) over every real message in the fixture corpus, one message after another as the
 * background would, in this Node process. One discarded warm-up pass (JIT, chrono's locale
 * tables), then `runs` timed passes; medians reported, as everywhere in bench/.
 */
export async function benchTriage(options: { runs?: number } = {}): Promise<TriageBenchSample> {
  const runs = options.runs ?? 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  const corpus = readCorpus();
  const passes: number[] = [];
  let slowest = { file: '', ms: 0 };
  for (let run = 0; run <= runs; run++) {
    const t0 = performance.now();
    for (const message of corpus) {
      const m0 = performance.now();
      await triageRaw(message.raw);
      const ms = performance.now() - m0;
      if (run > 0 && ms > slowest.ms) slowest = { file: message.file, ms };
    }
    if (run > 0) passes.push(performance.now() - t0);
  }
  const totalMs = summarize(passes);
  return {
    messages: corpus.length,
    bytes: corpus.reduce((sum, m) => sum + m.raw.byteLength, 0),
    runs,
    totalMs,
    messagesPerSecond: corpus.length / (totalMs.median / 1000),
    slowest,
  };
}

export function renderTriage(sample: TriageBenchSample): string {
  const kb = (sample.bytes / 1024).toFixed(0);
  return [
    `Scout triage (${sample.messages} real messages, ${kb} KiB, median of ${sample.runs} runs after a warm-up, Node ${process.version})`,
    `  corpus pass   ${sample.totalMs.median.toFixed(0)} ms (min ${sample.totalMs.min.toFixed(0)}, max ${sample.totalMs.max.toFixed(0)})   ${Math.round(sample.messagesPerSecond).toLocaleString('en-US')} messages/s`,
    `  slowest       ${sample.slowest.ms.toFixed(1)} ms (${sample.slowest.file})`,
  ].join('\n');
}
