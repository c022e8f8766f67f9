/** A request parked by a stand-in until the test lets it go. */
export interface Hold<T = unknown> {
  /** Resolves with the request once it reached the stand-in. */
  arrived: Promise<T>;
  /** Let the stand-in carry on and answer. */
  release(): void;
  /** Cut the connection: the vendor never answers (and, for a held-before-accept send, never sent). */
  drop(): void;
}

export type HoldOutcome = 'release' | 'drop';

export class HoldSlot<T> implements Hold<T> {
  readonly arrived: Promise<T>;
  readonly outcome: Promise<HoldOutcome>;
  private arrive!: (request: T) => void;
  private decide!: (outcome: HoldOutcome) => void;

  constructor() {
    this.arrived = new Promise((resolve) => { this.arrive = resolve; });
    this.outcome = new Promise((resolve) => { this.decide = resolve; });
  }

  /** Called by the stand-in when the request comes in; resolves with the test's decision. */
  reached(request: T): Promise<HoldOutcome> {
    this.arrive(request);
    return this.outcome;
  }

  release(): void { this.decide('release'); }
  drop(): void { this.decide('drop'); }
}

/** Never settles: the stand-in's way to not answer at all (the upstream cuts it at test end). */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});
