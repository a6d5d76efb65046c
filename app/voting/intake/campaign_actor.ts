import logger from '@adonisjs/core/services/logger'
import { dispatch, spawn, start, stop } from 'nact'
import { recordCommit, releaseSlot, resetAdmission, slotsInUse } from '#voting/intake/admission'
import { liveBallotsOf } from '#voting/intake/ballot_store'
import { Flight, type Outcome, type Submission } from '#voting/intake/flight'
import { runBatch, submitAndFollow } from '#voting/intake/pipeline'
import { MESSAGES, refusal } from '#voting/intake/refusals'
import { intakeSettings } from '#voting/intake/settings'
import type { CampaignKeys } from '#voting/intake/verify_worker'

/*
| One nact actor per campaign with ballots coming in: the single writer of that campaign's
| in-memory intake state, so "is this voter key used?" and "join the identical ballot already on
| its way" are decided one message at a time, without locks.
|
| State: the campaign's live voter keys (→ ballot hash), the flights in progress, the batch being
| filled. Rebuilt from PostgreSQL (`ballots`: live voter keys, pending ballots — which it follows
| again) before the first message after spawn or after a supervised restart. The actor never
| awaits the ledger: a full batch (or `batchDelayMs` after its first ballot) is handed to the
| pipeline and the actor goes on. Supervision: a crash fails the message being handled and the
| unflushed batch with 503 (clients retry) and resets the actor, which then rebuilds from PG.
|
| Bounds: every ballot admitted (in a mailbox, a batch or on its way to the ledger) holds one slot
| per campaign and one global slot until it settles (intake/admission.ts: how many slots there
| are follows the measured commit rate); none free → 503 `overloaded`.
*/
type Reply = (answer: { flight: Flight } | { outcome: Outcome } | { known: true }) => void

type Msg =
  | { type: 'submit'; submission: Submission; keys: CampaignKeys; reply: Reply }
  | { type: 'flush'; keys: CampaignKeys }
  | { type: 'settled'; ballotHash: string; voterKey: string; freeKey: boolean }
  | { type: 'wake' }

interface CampaignState {
  campaignId: number
  loaded: boolean
  voters: Map<string, string>
  flights: Map<string, Flight>
  batch: Flight[]
  timer: NodeJS.Timeout | null
}

type ActorRef = ReturnType<typeof spawn>

/** An actor idle this long stops (a campaign that closed); the next ballot rebuilds it from PG. */
const IDLE_STOP_MS = 30 * 60_000

let system: ReturnType<typeof start> | null = null
const actors = new Map<number, ActorRef>()
/** The live state of each actor (for the crash handler, which nact does not give it). */
const states = new Map<number, CampaignState>()

function overloaded(): Outcome {
  return {
    kind: 'refused',
    refusal: {
      ...refusal(503, 'overloaded', MESSAGES.overloaded),
      retryAfterSeconds: intakeSettings().retryAfterSeconds,
    },
  }
}

/** The flight's end: answer its requests, free its slot, count a commit for the admission rate. */
function newFlight(submission: Submission, counted: boolean): Flight {
  return new Flight(submission, (flight, outcome) => {
    if (counted) releaseSlot(submission.campaignId)
    if (counted && outcome.kind === 'committed') recordCommit(Date.now() - flight.admittedAt)
  })
}

function tell(campaignId: number, msg: Msg) {
  const ref = actors.get(campaignId)
  if (!ref) return
  try {
    dispatch(ref, msg)
  } catch {
    // the actor stopped meanwhile: its successor rebuilds from PostgreSQL
  }
}

function pipelineSettle(flight: Flight, outcome: Outcome, freeKey: boolean) {
  flight.settle(outcome)
  const { campaignId, ballotHash, voterKey } = flight.submission
  tell(campaignId, { type: 'settled', ballotHash, voterKey, freeKey })
}

async function load(state: CampaignState) {
  const { voters, pending } = await liveBallotsOf(state.campaignId)
  for (const [voterKey, ballotHash] of voters) state.voters.set(voterKey, ballotHash)
  const recovered: Flight[] = []
  for (const row of pending) {
    if (state.flights.has(row.ballotHash)) continue
    const flight = newFlight(
      {
        campaignId: row.campaignId,
        ballotHash: row.ballotHash,
        txHash: row.txHash,
        voterKey: row.voterKey,
        ballotBytes: new Uint8Array(),
        signature: new Uint8Array(),
        tx: row.tx,
        channel: row.channel,
        terminalId: row.terminalId,
      },
      false
    )
    flight.markStored(true)
    state.flights.set(row.ballotHash, flight)
    recovered.push(flight)
  }
  state.loaded = true
  // Follow the recovered ballots in batch-sized chunks, one chunk after the other.
  const size = Math.max(1, intakeSettings().batchSize)
  void (async () => {
    for (let i = 0; i < recovered.length; i += size) {
      await submitAndFollow(recovered.slice(i, i + size), pipelineSettle).catch((error) =>
        logger.error({ err: error }, 'ballot intake: recovery failed')
      )
    }
  })()
}

function flush(state: CampaignState, keys: CampaignKeys) {
  if (state.timer) clearTimeout(state.timer)
  state.timer = null
  const batch = state.batch
  state.batch = []
  if (batch.length > 0) void runBatch(keys, batch, pipelineSettle)
}

async function handle(state: CampaignState, msg: Msg): Promise<CampaignState> {
  if (!state.loaded) await load(state)
  switch (msg.type) {
    case 'wake':
      return state
    case 'flush':
      flush(state, msg.keys)
      return state
    case 'settled': {
      state.flights.delete(msg.ballotHash)
      if (msg.freeKey && state.voters.get(msg.voterKey) === msg.ballotHash) {
        state.voters.delete(msg.voterKey)
      }
      return state
    }
    case 'submit': {
      const { submission, reply } = msg
      const { ballotHash, voterKey, campaignId } = submission
      const existing = state.flights.get(ballotHash)
      if (existing) {
        releaseSlot(campaignId)
        reply({ flight: existing })
        return state
      }
      const holder = state.voters.get(voterKey)
      if (holder !== undefined) {
        releaseSlot(campaignId)
        if (holder === ballotHash) reply({ known: true })
        else {
          const duplicate = refusal(409, 'duplicate_voter', MESSAGES.duplicate_voter)
          reply({ outcome: { kind: 'refused', refusal: duplicate } })
        }
        return state
      }
      const flight = newFlight(submission, true)
      state.voters.set(voterKey, ballotHash)
      state.flights.set(ballotHash, flight)
      state.batch.push(flight)
      reply({ flight })
      const settings = intakeSettings()
      if (state.batch.length >= settings.batchSize) {
        flush(state, msg.keys)
      } else if (!state.timer) {
        const keys = msg.keys
        state.timer = setTimeout(
          () => tell(campaignId, { type: 'flush', keys }),
          settings.batchDelayMs
        )
      }
      return state
    }
  }
}

function initialState(campaignId: number): CampaignState {
  const state: CampaignState = {
    campaignId,
    loaded: false,
    voters: new Map(),
    flights: new Map(),
    batch: [],
    timer: null,
  }
  states.set(campaignId, state)
  return state
}

function actorFor(campaignId: number): ActorRef {
  const existing = actors.get(campaignId)
  if (existing) return existing
  system ??= start()
  const ref = spawn(
    system,
    (state: CampaignState, msg: Msg) => handle(state, msg),
    `campaign-${campaignId}`,
    {
      initialStateFunc: () => initialState(campaignId),
      onCrash: (msg, error, ctx) => {
        logger.error(
          { err: error, campaignId },
          'ballot intake: campaign actor crashed; restarting'
        )
        const lost = states.get(campaignId)
        if (lost) {
          if (lost.timer) clearTimeout(lost.timer)
          for (const flight of lost.batch) flight.settle(overloaded())
        }
        if (msg?.type === 'submit') {
          releaseSlot(campaignId)
          msg.reply({ outcome: overloaded() })
        }
        return ctx.reset
      },
      shutdownAfter: IDLE_STOP_MS,
      afterStop: () => {
        if (actors.get(campaignId) === ref) {
          actors.delete(campaignId)
          states.delete(campaignId)
        }
      },
    }
  )
  actors.set(campaignId, ref)
  return ref
}

/** Hands a ballot (already holding an admission slot) to its campaign's actor. */
export function submitToActor(
  submission: Submission,
  keys: CampaignKeys
): Promise<Parameters<Reply>[0]> {
  return new Promise((resolve) => {
    dispatch(actorFor(submission.campaignId), {
      type: 'submit',
      submission,
      keys,
      reply: resolve,
    })
  })
}

/** Boot: spawns the actors of campaigns with pending ballots, which then follow them again. */
export function wakeCampaign(campaignId: number) {
  dispatch(actorFor(campaignId), { type: 'wake' })
}

/** The ballot's flight if this process is following it right now (its pipeline records the verdict). */
export function flightOf(ballotHash: string): Flight | null {
  for (const state of states.values()) {
    const flight = state.flights.get(ballotHash)
    if (flight) return flight
  }
  return null
}

/** Numbers for tests and the dashboard. */
export function intakeStats(campaignId?: number) {
  const state = campaignId === undefined ? undefined : states.get(campaignId)
  return {
    actors: actors.size,
    slotsInUse: slotsInUse(),
    campaign: state
      ? { loaded: state.loaded, voters: state.voters.size, flights: state.flights.size }
      : null,
  }
}

/** Stops every actor and forgets all in-memory state (app shutdown; tests simulate a restart). */
export function stopActors() {
  for (const state of states.values()) if (state.timer) clearTimeout(state.timer)
  // Each actor by its ref: that clears its idle timer (stopping the system alone leaves them).
  for (const ref of actors.values()) stop(ref)
  if (system) stop(system)
  system = null
  actors.clear()
  states.clear()
  resetAdmission()
}
