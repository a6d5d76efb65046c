import { test } from '@japa/runner'
import {
  advance,
  startVote,
  VoteError,
  type Answer,
  type VoteApi,
  type VoteDeps,
  type VoteRecord,
} from '../../../resources/js/lib/voting/vote_flow.js'
import { makeVoteCrypto } from '../../../resources/js/lib/voting/vote_crypto.js'
import {
  base64ToBytes,
  ballotHash,
  decodeBallot,
  generateRegistrarKey,
  signBlinded,
  verifyBallotSignature,
  verifyCredential,
} from '@civic-budget/protocol'

/*
| The voting page's state machine with the real protocol crypto (both voter-key paths: WebCrypto
| Ed25519 and @noble), a scripted server and an in-memory store standing in for IndexedDB.
*/
const registrar = generateRegistrarKey()
const CAMPAIGN = 7
const CHOICES = [
  { projectId: 15, weight: 1 },
  { projectId: 12, weight: 1 },
]

const ok = (body: Record<string, any>, status = 200): Answer => ({
  status,
  body,
  retryAfterSeconds: null,
})
const down: Answer = { status: 0, body: null, retryAfterSeconds: null }

/** An honest server: issues credentials, accepts valid ballots, remembers every request. */
function honestServer(registrarKey = registrar) {
  const calls = { credential: [] as string[], ballots: [] as string[], statuses: 0 }
  const api: VoteApi = {
    async credential(_campaignId, blinded) {
      calls.credential.push(blinded)
      return ok({ blindSignature: signBlinded(registrarKey.secretKey, blinded) })
    },
    async submitBallot(_campaignId, ballot, signature) {
      calls.ballots.push(`${ballot}|${signature}`)
      const bytes = base64ToBytes(ballot)
      const decoded = decodeBallot(bytes)
      if (!verifyBallotSignature(decoded.voterKey, bytes, base64ToBytes(signature))) {
        return ok({ error: 'invalid_signature', message: '' }, 422)
      }
      if (!verifyCredential(registrar.publicKey, CAMPAIGN, decoded.voterKey, decoded.credential)) {
        return ok({ error: 'invalid_credential', message: '' }, 422)
      }
      return ok({ receipt: { version: 1, ballotHash: ballotHash(bytes) } })
    },
    async ballotStatus() {
      calls.statuses++
      return ok({ status: 'pending' })
    },
  }
  return { api, calls }
}

function memoryStore() {
  const records = new Map<string, VoteRecord>()
  const history: VoteRecord[] = []
  return {
    records,
    history,
    store: {
      async get(id: string) {
        const record = records.get(id)
        return record && { ...record }
      },
      async put(record: VoteRecord) {
        records.set(record.id, { ...record })
        history.push({ ...record })
      },
    },
  }
}

function makeDeps(api: VoteApi, store: VoteDeps['store'], webCrypto = true) {
  const sleeps: number[] = []
  let clock = 1_000_000
  let randoms = 0
  const deps: VoteDeps = {
    crypto: makeVoteCrypto({ webCrypto }),
    api,
    store,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms)
      clock += ms
    },
    random: () => {
      randoms++
      return 0.5
    },
    delay: { minMs: 2_000, maxMs: 10_000 },
    maxAttempts: 1,
  }
  const advanceClock = (ms: number) => {
    clock += ms
  }
  return { deps, sleeps, randoms: () => randoms, advanceClock }
}

/** The server's API answering its first `times` ballots 503 overloaded with Retry-After `seconds`. */
function overloadedFirst(
  server: ReturnType<typeof honestServer>,
  times: number,
  seconds: number
): VoteApi {
  let overloaded = times
  return {
    ...server.api,
    submitBallot: (...a) =>
      overloaded-- > 0
        ? Promise.resolve({
            status: 503,
            body: { error: 'overloaded', message: '' },
            retryAfterSeconds: seconds,
          })
        : server.api.submitBallot(...a),
  }
}

const input = { campaignId: CAMPAIGN, residentId: 3, choices: CHOICES, age: null }

test.group('voting page / ballot state machine', () => {
  test('a whole vote ({$self}): one credential, the privacy delay, a valid ballot, the receipt')
    .with(['webcrypto', 'noble'] as const)
    .run(async ({ assert }, path) => {
      const server = honestServer()
      const memory = memoryStore()
      const { deps, sleeps } = makeDeps(server.api, memory.store, path === 'webcrypto')
      const steps: string[] = []
      deps.onProgress = (p) => steps.push(p.step)

      const record = await startVote(deps, input)
      const done = await advance(deps, record, registrar.publicKey)

      assert.deepEqual(
        memory.history.map((r) => r.stage),
        ['keyed', 'credentialed', 'signed', 'done']
      )
      assert.deepEqual(steps, ['credential', 'waiting', 'signing', 'submitting', 'done'])
      assert.deepEqual(sleeps, [6_000], 'min + 0.5 × (max − min)')
      assert.lengthOf(server.calls.credential, 1)
      assert.lengthOf(server.calls.ballots, 1)
      const ballot = decodeBallot(base64ToBytes(done.ballot!))
      assert.deepEqual(
        ballot.choices,
        [...CHOICES].sort((a, b) => a.projectId - b.projectId)
      )
      assert.equal(done.receipt!.ballotHash, done.ballotHash)
      assert.isNull(done.secret, 'the voter secret is erased once the receipt is stored')
      assert.isNull(done.r)
      if (path === 'webcrypto') {
        assert.instanceOf((memory.history[0].secret as { key: unknown }).key, CryptoKey)
        assert.isFalse((memory.history[0].secret as { key: CryptoKey }).key.extractable)
      }
    })

  test('every interruption resumes with the same key, the same blinded point, the same bytes', async ({
    assert,
  }) => {
    const server = honestServer()
    const memory = memoryStore()
    const answers = { credential: [down], ballot: [down] }
    const flaky: VoteApi = {
      credential: (...a) =>
        answers.credential.shift() ? Promise.resolve(down) : server.api.credential(...a),
      submitBallot: (...a) =>
        answers.ballot.shift() ? Promise.resolve(down) : server.api.submitBallot(...a),
      ballotStatus: server.api.ballotStatus,
    }
    const first = makeDeps(flaky, memory.store)

    // 1. the credential request gets no answer: the page stops, the record stays `keyed`
    const record = await startVote(first.deps, input)
    const error = await advance(first.deps, record, registrar.publicKey).catch((e) => e)
    assert.instanceOf(error, VoteError)
    assert.equal(error.code, 'network')
    assert.isTrue(error.retryable)

    // 2. "reload": the stored record is continued, never a second key
    const again = await startVote(first.deps, { ...input, choices: [{ projectId: 12, weight: 1 }] })
    assert.equal(again.voterKey, record.voterKey)
    assert.equal(again.blinded, record.blinded)
    assert.deepEqual(
      again.choices,
      [{ projectId: 12, weight: 1 }],
      'no ballot yet: choices may change'
    )
    const error2 = await advance(first.deps, again, registrar.publicKey).catch((e) => e)
    assert.equal(error2.code, 'network', 'the ballot POST got no answer')
    const stored = memory.records.get('7:3')!
    assert.equal(stored.stage, 'signed')

    // 3. "reload" again: the same bytes are resent, choices can no longer change
    const third = await startVote(first.deps, input)
    assert.deepEqual(third.choices, [{ projectId: 12, weight: 1 }])
    const done = await advance(first.deps, third, registrar.publicKey)
    assert.equal(done.stage, 'done')

    assert.deepEqual(server.calls.credential, [record.blinded], 'one credential, one point')
    assert.lengthOf(server.calls.ballots, 1)
    assert.equal(server.calls.ballots[0], `${stored.ballot}|${stored.signature}`)
    assert.equal(first.randoms(), 1, 'the delay is drawn once and stored')
  })

  test('202 pending: polls until committed; an unknown hash resends the same bytes', async ({
    assert,
  }) => {
    const server = honestServer()
    const memory = memoryStore()
    const polls: Answer[] = [
      ok({ status: 'pending' }),
      ok({ error: 'not_found', message: '' }, 404),
      ok({ status: 'pending' }),
    ]
    const submitted: string[] = []
    const api: VoteApi = {
      credential: server.api.credential,
      async submitBallot(_campaignId, ballot, signature) {
        submitted.push(ballot + signature)
        return ok({ ballotHash: ballotHash(base64ToBytes(ballot)), status: 'pending' }, 202)
      },
      async ballotStatus(hash) {
        return (
          polls.shift() ?? ok({ status: 'committed', receipt: { version: 1, ballotHash: hash } })
        )
      },
    }
    const { deps } = makeDeps(api, memory.store)
    deps.pollIntervalMs = 10
    const done = await advance(deps, await startVote(deps, input), registrar.publicKey)
    assert.equal(done.stage, 'done')
    assert.lengthOf(submitted, 2)
    assert.equal(submitted[0], submitted[1])
    assert.includeMembers(
      memory.history.map((r) => r.stage),
      ['pending', 'signed', 'done']
    )
  })

  test('503 overloaded: waits Retry-After, then retries', async ({ assert }) => {
    const memory = memoryStore()
    const api = overloadedFirst(honestServer(), 2, 7)
    const { deps, sleeps } = makeDeps(api, memory.store)
    deps.maxAttempts = 5
    const done = await advance(deps, await startVote(deps, input), registrar.publicKey)
    assert.equal(done.stage, 'done')
    assert.deepEqual(sleeps, [6_000, 7_000, 7_000])
  })

  test('retries are jittered: Retry-After × 0.5–1.5 by the random draw', async ({ assert }) => {
    const memory = memoryStore()
    const api = overloadedFirst(honestServer(), 2, 2)
    const { deps, sleeps } = makeDeps(api, memory.store)
    deps.maxAttempts = 5
    const draws = [0.5, 0.0, 1.0] // privacy delay, then one draw per retry
    deps.random = () => draws.shift() ?? 0.5
    const done = await advance(deps, await startVote(deps, input), registrar.publicKey)
    assert.equal(done.stage, 'done')
    assert.deepEqual(sleeps, [6_000, 1_000, 3_000])
  })

  test('pending: the status request is a long poll, asked again at once when it was held', async ({
    assert,
  }) => {
    const server = honestServer()
    const memory = memoryStore()
    let polls = 0
    const api: VoteApi = {
      credential: server.api.credential,
      async submitBallot(_campaignId, ballot) {
        return ok({ ballotHash: ballotHash(base64ToBytes(ballot)), status: 'pending' }, 202)
      },
      async ballotStatus(hash) {
        polls++
        made.advanceClock(25_000) // the server held the request for its whole wait
        return polls < 3
          ? ok({ status: 'pending' })
          : ok({ status: 'committed', receipt: { version: 1, ballotHash: hash } })
      },
    }
    const made = makeDeps(api, memory.store)
    const done = await advance(made.deps, await startVote(made.deps, input), registrar.publicKey)
    assert.equal(done.stage, 'done')
    assert.equal(polls, 3)
    assert.deepEqual(made.sleeps, [6_000], 'no sleep between held polls: only the privacy delay')
  })

  test('refusals stop with the server code and details, nothing retried', async ({ assert }) => {
    const server = honestServer()
    const memory = memoryStore()
    const api: VoteApi = {
      ...server.api,
      credential: async () =>
        ok({ error: 'not_eligible', message: '', details: { reason: 'outside_community' } }, 403),
    }
    const { deps } = makeDeps(api, memory.store)
    deps.maxAttempts = 5
    const error = await advance(deps, await startVote(deps, input), registrar.publicKey).catch(
      (e) => e
    )
    assert.equal(error.code, 'not_eligible')
    assert.deepEqual(error.details, { reason: 'outside_community' })
    assert.isFalse(error.retryable)
    assert.equal(memory.records.get('7:3')!.stage, 'keyed')

    const duplicate: VoteApi = {
      ...server.api,
      submitBallot: async () => ok({ error: 'duplicate_voter', message: '' }, 409),
    }
    const other = makeDeps(duplicate, memoryStore().store)
    const error2 = await advance(
      other.deps,
      await startVote(other.deps, input),
      registrar.publicKey
    ).catch((e) => e)
    assert.equal(error2.code, 'duplicate_voter')
  })

  test('a credential that does not verify stops before anything is signed', async ({ assert }) => {
    const server = honestServer(generateRegistrarKey()) // signs with a key the page does not trust
    const memory = memoryStore()
    const { deps } = makeDeps(server.api, memory.store)
    const error = await advance(deps, await startVote(deps, input), registrar.publicKey).catch(
      (e) => e
    )
    assert.equal(error.code, 'bad_credential')
    assert.lengthOf(server.calls.ballots, 0)
    assert.equal(memory.records.get('7:3')!.stage, 'keyed')
  })

  test('a receipt for another ballot is not taken', async ({ assert }) => {
    const server = honestServer()
    const api: VoteApi = {
      ...server.api,
      submitBallot: async () => ok({ receipt: { version: 1, ballotHash: 'ab'.repeat(32) } }),
    }
    const memory = memoryStore()
    const { deps } = makeDeps(api, memory.store)
    const error = await advance(deps, await startVote(deps, input), registrar.publicKey).catch(
      (e) => e
    )
    assert.equal(error.code, 'bad_receipt')
    assert.equal(memory.records.get('7:3')!.stage, 'signed', 'resent as is on "try again"')
  })
})
