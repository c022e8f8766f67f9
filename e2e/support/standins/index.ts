import type { BrowserContext } from '@playwright/test';
import { ContractLog, format, type Violation } from '../contract';
import { forwardThroughPrism } from '../forward';
import { envPort } from '../prism';
import { checkOpenAiStream } from '../sse';
import { GmailStandin } from './gmail';
import { GoogleOAuthStandin } from './google-oauth';
import { OpenAIStandin } from './openai';

/** The per-test set of vendor stand-ins plus the contract log they all write to. */
export class Standins {
  readonly log = new ContractLog();
  readonly gmail = new GmailStandin(this.log);
  readonly openai = new OpenAIStandin(this.log);
  readonly oauth = new GoogleOAuthStandin(this.log);
  private readonly cancels: (() => void)[] = [];

  get violations(): readonly Violation[] {
    return this.log.violations;
  }

  /** Returns and clears the violations so far (tests that provoke one on purpose assert on it). */
  takeViolations(): Violation[] {
    return this.log.take();
  }

  expectNoViolations(): void {
    this.log.expectNone();
  }

  /** Routes the vendors' real URLs on `context` through Prism to these stand-ins. */
  async install(context: BrowserContext): Promise<void> {
    this.cancels.push(
      await forwardThroughPrism(context, {
        vendor: 'gmail',
        urls: ['https://gmail.googleapis.com/**', 'https://www.googleapis.com/gmail/**'],
        prismPort: envPort('E2E_PRISM_GMAIL_PORT'),
        toSpecPath: (url) => url.pathname + url.search, // spec server is https://gmail.googleapis.com/, paths /gmail/v1/...
        log: this.log,
        // MessagePartBody.data says `format: byte` (padded standard base64), but Google documents it
        // as "base64url encoded string" and sends '-' and '_': the same defect SOURCES.md fixed for raw.
        knownSpecGap: (v) => v.code === 'format' && v.location[0] === 'response' && v.location.slice(-2).join('.') === 'body.data' && v.message.includes('"byte"'),
      }),
      await forwardThroughPrism(context, {
        vendor: 'openai',
        urls: ['https://api.openai.com/**'],
        prismPort: envPort('E2E_PRISM_OPENAI_PORT'),
        toSpecPath: (url) => url.pathname.replace(/^\/v1(?=\/)/, '') + url.search, // spec server is https://api.openai.com/v1
        log: this.log,
        eventStream: checkOpenAiStream, // streamed completions (stream: true)
      }),
    );
  }

  /** Test end, before the upstreams are reset: drop parked requests, abort forwards in flight. */
  stop(): void {
    this.gmail.dispose();
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  /** Test end: fails the test when a violation was recorded and not taken. */
  assertNoViolationsLeft(): void {
    const left = this.log.take();
    if (left.length) throw new Error(`vendor contract violations:\n  ${left.map(format).join('\n  ')}`);
  }
}

export { GmailStandin, GoogleOAuthStandin, OpenAIStandin };
export type { Violation };
