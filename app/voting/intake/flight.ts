import type { Refusal } from '#voting/intake/refusals'

/*
| One ballot on its way through the pipeline, and what its requests wait for.
| `stored` resolves once the pending row is in PostgreSQL (true) or the ballot was refused before
| that (false): a 202 is only given for a ballot that GET /ballots/:hash can find.
*/
export type Outcome =
  | { kind: 'committed'; receipt: Record<string, unknown> }
  | { kind: 'pending' }
  | { kind: 'refused'; refusal: Refusal }

export interface Submission {
  campaignId: number
  ballotHash: string
  txHash: string
  voterKey: string
  ballotBytes: Uint8Array
  signature: Uint8Array
  tx: Uint8Array
  channel: 'online' | 'terminal'
  terminalId: number | null
}

export class Flight {
  readonly done: Promise<Outcome>
  readonly stored: Promise<boolean>
  settled = false
  isStored = false
  /** When it was admitted (the admission bound measures admission → commit). */
  readonly admittedAt = Date.now()
  /** When the replicas last got it (0: never; a recovered ballot is resubmitted at once if unknown). */
  submittedAt = 0
  #resolveDone!: (outcome: Outcome) => void
  #resolveStored!: (stored: boolean) => void

  constructor(
    readonly submission: Submission,
    private readonly onSettled: (flight: Flight, outcome: Outcome) => void
  ) {
    this.done = new Promise((resolve) => (this.#resolveDone = resolve))
    this.stored = new Promise((resolve) => (this.#resolveStored = resolve))
  }

  markStored(stored: boolean) {
    this.isStored = stored
    this.#resolveStored(stored)
  }

  /** Final for this process (committed, refused, or left pending for GET /ballots to follow). */
  settle(outcome: Outcome) {
    if (this.settled) return
    this.settled = true
    this.#resolveStored(outcome.kind !== 'refused')
    this.#resolveDone(outcome)
    this.onSettled(this, outcome)
  }
}
