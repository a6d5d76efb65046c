import { test } from '@japa/runner'
import {
  advance,
  startVote,
  type Answer,
  type VoteApi,
  type VoteDeps,
  type VoteRecord,
} from '../../../resources/js/lib/voting/vote_flow.js'
import { makeVoteCrypto } from '../../../resources/js/lib/voting/vote_crypto.js'
import {
  base64ToBytes,
  ballotHash,
  bytesToHex,
  cborEncode,
  generateRegistrarKey,
  signBlinded,
} from '@civic-budget/protocol'
import {
  checkEncryptedBallot,
  decodeEncryptedBallot,
  openChoices,
  padChoices,
  paddedChoicesLength,
} from '@civic-budget/protocol/encrypted_ballot'
import { baseMul, randomScalar } from '@civic-budget/protocol/ristretto'

/*
| The voting page's state machine in an encrypted campaign: the same credential, delay, signature
| and receipt steps, but the ballot sent is v2 — it passes every check a replica makes
| (`checkEncryptedBallot`), opens with the election secret to exactly the voter's choices, and its
| bytes do not contain the choices in clear. Both voter-key paths (WebCrypto Ed25519 and @noble).
*/
const registrar = generateRegistrarKey()
const CAMPAIGN = 7
const CHOICES = [
  { projectId: 15, weight: 1 },
  { projectId: 12, weight: 1 },
]
const SORTED = [...CHOICES].sort((a, b) => a.projectId - b.projectId)
const secret = randomScalar()
const electionKey = baseMul(secret)
const paddedLength = paddedChoicesLength([11, 12, 13, 14, 15], 1)
const encryption = {
  electionKey: bytesToHex(electionKey.toBytes()),
  paddedLength,
  threshold: 2,
  trustees: 3,
}
const context = { campaignId: CAMPAIGN, electionKey, paddedLength }

const answer = (body: Record<string, any>, status = 200): Answer => ({
  status,
  body,
  retryAfterSeconds: null,
})

function encryptedServer() {
  const ballots: Uint8Array[] = []
  const api: VoteApi = {
    async credential(_campaignId, blinded) {
      return answer({ blindSignature: signBlinded(registrar.secretKey, blinded) })
    },
    async submitBallot(_campaignId, ballot, signature) {
      const bytes = base64ToBytes(ballot)
      ballots.push(bytes)
      const check = checkEncryptedBallot(
        bytes,
        base64ToBytes(signature),
        registrar.publicKey,
        context
      )
      if (!check.ok) return answer({ error: check.reason, message: check.message }, 422)
      return answer({ receipt: { version: 1, ballotHash: ballotHash(bytes) } })
    },
    async ballotStatus() {
      return answer({ status: 'pending' })
    },
  }
  return { api, ballots }
}

function deps(api: VoteApi, webCrypto: boolean): VoteDeps {
  const records = new Map<string, VoteRecord>()
  let clock = 1_000_000
  return {
    crypto: makeVoteCrypto({ webCrypto }),
    api,
    store: {
      async get(id) {
        return records.get(id)
      },
      async put(record) {
        records.set(record.id, { ...record })
      },
    },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms
    },
    random: () => 0.5,
    delay: { minMs: 0, maxMs: 0 },
    maxAttempts: 1,
  }
}

test.group('voting page / encrypted campaign', () => {
  test('the ballot sent is v2: checks pass, it opens to the choices, no choices in clear ({$self})')
    .with(['webcrypto', 'noble'] as const)
    .run(async ({ assert }, path) => {
      const server = encryptedServer()
      const d = deps(server.api, path === 'webcrypto')
      const input = { campaignId: CAMPAIGN, residentId: 3, choices: CHOICES, age: null }
      const done = await advance(d, await startVote(d, input), registrar.publicKey, encryption)
      assert.equal(done.stage, 'done')
      assert.lengthOf(server.ballots, 1)
      const [bytes] = server.ballots
      assert.equal(done.receipt?.ballotHash, ballotHash(bytes))

      const decoded = decodeEncryptedBallot(bytes)
      assert.isTrue(decoded.ok)
      if (!decoded.ok) return
      assert.equal(decoded.value.encrypted.ciphertext.length, paddedLength + 16)
      const shared = decoded.value.encrypted.ephemeral.multiply(secret)
      assert.deepEqual(openChoices(decoded.value, electionKey, shared), {
        ok: true,
        choices: SORTED,
      })
      const hex = bytesToHex(bytes)
      assert.notInclude(hex, bytesToHex(padChoices(SORTED, paddedLength)))
      assert.notInclude(hex, bytesToHex(cborEncode(SORTED.map((c) => [c.projectId, c.weight]))))
    })

  test('a campaign in clear still gets ballot v1 (no encryption given)', async ({ assert }) => {
    const server = encryptedServer()
    const d = deps(server.api, false)
    const input = { campaignId: CAMPAIGN, residentId: 4, choices: CHOICES, age: null }
    const error = await advance(d, await startVote(d, input), registrar.publicKey).catch((e) => e)
    // The encrypted campaign's server refuses it: v1 bytes are not an encrypted ballot.
    assert.equal(error.code, 'malformed_ballot')
    assert.equal(server.ballots[0][1], 1, 'version 1')
  })
})
