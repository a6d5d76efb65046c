// The replicas' rules for encrypted campaigns (issue #14): the key ceremony through admin-countersigned
// records, the campaign tx checked against the ceremony's result, ballots v2 (proof, length, version
// mixing), decryption shares only after the close and in canonical batches, restore from the
// persisted entries, and junk of every new kind never throwing out of checkTx/deliverTx.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ceremonyResult,
  createDealing,
  encodeComplaint,
  encodeDealing,
  encodeTrusteeKey,
  generateTrusteeKey,
  makeComplaint,
  sealShare,
  trusteeSecretShare,
  type CeremonyParams,
  type Complaint,
  type Dealing,
} from '@civic-budget/protocol/dkg'
import {
  decodeEncryptedBallot,
  encryptChoices,
  type EncryptionContext,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  decryptBallot,
  makeDecryptionShareBatch,
  type DecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import { encodeThresholdRecord } from '@civic-budget/protocol/threshold_records'
import { baseMul, pointBytes } from '@civic-budget/protocol/ristretto'
import { PbApp, type PbState } from '../../src/app/pb/app.js'
import {
  ballotTx,
  campaignTx,
  demoCampaign,
  encryptedBallotTx,
  encryptedDemoCampaign,
  makeAdmin,
  makeRegistrar,
  makeVoter,
  recordBytesTx,
  recordTx,
  thresholdRecordTx,
  type Admin,
  type Voter,
} from '../../src/app/pb/fixtures.js'
import {
  ballotSigningMessage,
  campaignSigningMessage,
  decodePbTx,
  ed25519Sign,
  encodeBallotTx,
  encodeCampaign,
  encodeCampaignTx,
  type Campaign,
  type Choice,
} from '../../src/app/pb/codec.js'
import type { StorageOp } from '../../src/consensus/types.js'
import { toHex, ZERO_HASH } from '../../src/crypto/hash.js'
import { encodeCbor } from '../../src/codec/cbor.js'

const ID = 7 // the encrypted campaign, 3 of 5
const CLEAR = 9 // a campaign in clear
const OPENS = 100_000
const CLOSES = 200_000

/** Runs blocks on one app, committing each, and keeps every storage op (what a replica persists). */
class Chain {
  readonly app: PbApp
  state: PbState
  root: Uint8Array = ZERO_HASH
  readonly ops: StorageOp[] = []

  constructor(admin: Admin) {
    this.app = new PbApp({ admins: [admin.publicKey] })
    this.state = this.app.genesisState()
  }

  /** One block at `timestampMs` with these txs; returns each tx's verdict (`ok` or the reason). */
  block(txs: Uint8Array[], timestampMs: number): string[] {
    const run = this.app.beginBlock(this.state, this.root, {
      chainId: 'c',
      height: this.state.height + 1,
      timestampMs,
    })
    const verdicts = txs.map((tx) => {
      const out = run.deliverTx(tx)
      return out.ok ? 'ok' : out.reason
    })
    const done = run.finish()
    this.ops.push(...this.app.commit(done.state))
    this.state = done.state
    this.root = done.stateRoot
    return verdicts
  }

  entries(): (readonly [Uint8Array, Uint8Array])[] {
    return this.ops.flatMap((o) =>
      o.kind === 'putApp' && o.value ? [[o.key, o.value] as const] : []
    )
  }
}

interface Ceremony {
  admin: Admin
  registrar: ReturnType<typeof makeRegistrar>
  chain: Chain
  trustees: ReturnType<typeof generateTrusteeKey>[]
  params: CeremonyParams
  dealings: Dealing[]
  complaint: Complaint
  electionKey: Uint8Array
  context: EncryptionContext
  campaign: Campaign
}

const rec = {
  trustees: (campaignId: number, threshold: number, trustees: number) =>
    ({ kind: 'trustees', campaignId, threshold, trustees }) as const,
  key: (key: ReturnType<typeof generateTrusteeKey>['record']) =>
    ({ kind: 'trustee-key', campaignId: key.campaignId, key }) as const,
  dealing: (dealing: Dealing) =>
    ({ kind: 'dkg-dealing', campaignId: dealing.campaignId, dealing }) as const,
  complaint: (complaint: Complaint) =>
    ({ kind: 'dkg-complaint', campaignId: complaint.campaignId, complaint }) as const,
  shares: (batch: DecryptionShareBatch) =>
    ({ kind: 'decryption-shares', campaignId: batch.campaignId, batch }) as const,
}

/**
 * A 3-of-5 ceremony for campaign 7 run through records, checking every refusal on the way: trustee
 * 5 posts its key but never deals (absent), dealer 4 gives trustee 1 a bad share and trustee 1's
 * complaint excludes it; an unfounded complaint against dealer 1 changes nothing.
 */
function ceremony(): Ceremony {
  const admin = makeAdmin()
  const registrar = makeRegistrar()
  const chain = new Chain(admin)
  const tx = (r: Parameters<typeof thresholdRecordTx>[1]) => thresholdRecordTx(admin, r)
  const trustees = [1, 2, 3, 4, 5].map((i) => generateTrusteeKey(ID, i))
  const params: CeremonyParams = {
    campaignId: ID,
    threshold: 3,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const dealings = [1, 2, 3, 4].map((dealer) => createDealing(params, dealer))
  dealings[3]!.shares[0] = sealShare(params, 4, 1, 1n) // dealer 4 cheats trustee 1
  const complaint = makeComplaint(params, dealings[3]!, 1, trustees[0]!.secret)
  const unfounded = makeComplaint(params, dealings[0]!, 2, trustees[1]!.secret)
  const result = ceremonyResult(params, dealings, [complaint, unfounded])
  assert.ok(result.ok)
  assert.deepEqual(result.qualified, [1, 2, 3])
  assert.deepEqual(result.absent, [5])
  assert.deepEqual(
    result.excluded.map((x) => [x.dealer, x.reason]),
    [[4, 'complaint_upheld']]
  )
  const electionKey = pointBytes(result.electionKey)
  const encrypted = (over: { threshold?: number; electionKey?: Uint8Array } = {}) =>
    encryptedDemoCampaign(
      ID,
      registrar.pk,
      { threshold: 3, trustees: 5, electionKey, ...over },
      OPENS,
      CLOSES
    )
  const campaign = encrypted()

  // the trustees record comes first; the ceremony cannot start without it
  assert.deepEqual(
    chain.block(
      [
        tx(rec.key(trustees[0]!.record)),
        campaignTx(admin, campaign),
        tx(rec.trustees(ID, 3, 5)),
        tx(rec.trustees(ID, 2, 5)),
      ],
      1_000
    ),
    ['no_trustees', 'ceremony_mismatch: no trustees record', 'ok', 'trustees_exist']
  )
  // admission: the committed trustees record is final, keys and dealings may still be pending
  const clear = campaignTx(admin, demoCampaign(ID, registrar.pk, OPENS, CLOSES))
  assert.equal(chain.app.precheck(clear, 1_500), 'ceremony_mismatch: campaign has trustees')
  assert.equal(
    chain.app.precheck(campaignTx(admin, encrypted({ threshold: 2 })), 1_500),
    'ceremony_mismatch: 2 of 5, the trustees record says 3 of 5'
  )
  assert.equal(chain.app.precheck(campaignTx(admin, campaign), 1_500), null)
  assert.equal(chain.app.precheck(tx(rec.dealing(dealings[0]!)), 1_500), null)
  const wrongProof = { ...trustees[4]!.record, proof: trustees[3]!.record.proof }
  assert.deepEqual(
    chain.block(
      [
        ...trustees.slice(0, 4).map((t) => tx(rec.key(t.record))),
        tx(rec.dealing(dealings[0]!)),
        campaignTx(admin, campaign),
        tx(rec.key(wrongProof)),
        tx(rec.key(generateTrusteeKey(ID, 6).record)),
      ],
      2_000
    ),
    [
      'ok',
      'ok',
      'ok',
      'ok',
      'ceremony_keys_incomplete',
      'ceremony_incomplete: no key from trustee 5',
      'invalid_proof',
      'bad_index: trustee 6 of 5',
    ]
  )
  const otherDealing = createDealing(params, 2) // a second dealing of dealer 2 would be equivocation
  const wrongThreshold = createDealing({ ...params, threshold: 2 }, 5)
  assert.deepEqual(
    chain.block(
      [
        tx(rec.key(trustees[4]!.record)),
        tx(rec.key(generateTrusteeKey(ID, 5).record)),
        ...dealings.map((d) => tx(rec.dealing(d))),
        tx(rec.dealing(dealings[0]!)),
        tx(rec.dealing({ ...otherDealing, dealer: 6 })),
        tx(rec.dealing(wrongThreshold)),
      ],
      3_000
    ),
    [
      'ok',
      'duplicate_trustee_key',
      'ok',
      'ok',
      'ok',
      'ok',
      'duplicate_dealing',
      'bad_index: dealer 6 of 5',
      'invalid_dealing: wrong_threshold',
    ]
  )
  assert.deepEqual(
    chain.block(
      [
        tx(rec.complaint(complaint)),
        tx(rec.complaint(complaint)),
        tx(rec.complaint(unfounded)),
        tx(rec.complaint(makeComplaint(params, dealings[1]!, 3, trustees[0]!.secret))),
        tx(rec.complaint({ ...complaint, dealer: 5 })),
        tx(rec.complaint({ ...complaint, complainer: 6 })),
      ],
      4_000
    ),
    [
      'ok',
      'duplicate_complaint',
      'ok', // unfounded, but a valid complaint: it is evidence, and it excludes nobody
      'invalid_complaint', // trustee 3's complaint proven with trustee 1's secret
      'unknown_dealing',
      'bad_index: complainer 6 of 5',
    ]
  )
  // the campaign tx must match the ceremony: t and n, the election key, and it cannot go in clear
  assert.deepEqual(
    chain.block(
      [
        campaignTx(admin, encrypted({ electionKey: pointBytes(baseMul(5n)) })),
        campaignTx(admin, encrypted({ threshold: 2 })),
        campaignTx(admin, demoCampaign(ID, registrar.pk, OPENS, CLOSES)),
        campaignTx(admin, campaign),
      ],
      5_000
    ),
    [
      'ceremony_mismatch: election key',
      'ceremony_mismatch: 2 of 5, the trustees record says 3 of 5',
      'ceremony_mismatch: campaign has trustees',
      'ok',
    ]
  )
  const context: EncryptionContext = {
    campaignId: ID,
    electionKey: result.electionKey,
    paddedLength: campaign.encryption!.paddedLength,
  }
  return {
    admin,
    registrar,
    chain,
    trustees,
    params,
    dealings,
    complaint,
    electionKey,
    context,
    campaign,
  }
}

test('pb ceremony: 3 of 5 through records (one absent, one excluded); then closed', () => {
  const c = ceremony()
  const tx = (r: Parameters<typeof thresholdRecordTx>[1]) => thresholdRecordTx(c.admin, r)
  const late = [
    tx(rec.trustees(ID, 3, 5)),
    tx(rec.key(generateTrusteeKey(ID, 5).record)),
    tx(rec.dealing(createDealing(c.params, 5))),
    tx(rec.complaint(makeComplaint(c.params, c.dealings[2]!, 5, c.trustees[4]!.secret))),
  ]
  // admission answers the final refusals early, against the committed state
  assert.deepEqual(
    late.map((t) => c.chain.app.precheck(t, 6_000)),
    ['ceremony_closed', 'ceremony_closed', 'ceremony_closed', 'ceremony_closed']
  )
  assert.deepEqual(c.chain.block(late, 6_000), [
    'ceremony_closed',
    'ceremony_closed',
    'ceremony_closed',
    'ceremony_closed',
  ])
  assert.equal(c.chain.app.campaign(null, ID)!.campaign.encryption!.threshold, 3)
  // a trustee-key for a campaign whose trustees record may still be pending: no early answer
  assert.equal(c.chain.app.precheck(tx(rec.key(generateTrusteeKey(11, 1).record)), 6_000), null)
})

test('pb ceremony: equivocation keeps two dealings, refuses a third; too few qualified', () => {
  const admin = makeAdmin()
  const registrar = makeRegistrar()
  const chain = new Chain(admin)
  const tx = (r: Parameters<typeof thresholdRecordTx>[1]) => thresholdRecordTx(admin, r)
  const trustees = [1, 2].map((i) => generateTrusteeKey(8, i))
  const params = {
    campaignId: 8,
    threshold: 2,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const first = createDealing(params, 1)
  const second = createDealing(params, 1)
  const honest = createDealing(params, 2)
  const result = ceremonyResult(params, [first, second, honest], [])
  assert.equal(result.ok, false)
  assert.deepEqual(
    chain.block(
      [
        tx(rec.trustees(8, 2, 2)),
        ...trustees.map((t) => tx(rec.key(t.record))),
        tx(rec.dealing(first)),
        tx(rec.dealing(second)),
        tx(rec.dealing(createDealing(params, 1))),
        tx(rec.dealing(honest)),
      ],
      1_000
    ),
    ['ok', 'ok', 'ok', 'ok', 'ok', 'too_many_dealings', 'ok']
  )
  // with dealer 1 excluded for equivocation, one qualified dealer is fewer than t = 2
  const anyKey = pointBytes(honest.commitments[0]!)
  assert.deepEqual(
    chain.block(
      [
        campaignTx(
          admin,
          encryptedDemoCampaign(8, registrar.pk, { threshold: 2, trustees: 2, electionKey: anyKey })
        ),
      ],
      2_000
    ),
    ['too_few_qualified: 1 qualified, threshold 2']
  )
  // the persisted dealings keep the evidence: a restored replica reaches the same verdict
  const restored = new PbApp({ admins: [admin.publicKey] })
  restored.restore(chain.entries())
  assert.equal(
    restored.precheck(tx(rec.dealing(createDealing(params, 1))), 3_000),
    'too_many_dealings'
  )
})

test('pb ceremony-restart: a failed ceremony starts over (new t of n); the old one counts for nothing', () => {
  const admin = makeAdmin()
  const registrar = makeRegistrar()
  const chain = new Chain(admin)
  const tx = (r: Parameters<typeof thresholdRecordTx>[1]) => thresholdRecordTx(admin, r)
  const restart = (campaignId: number, n: number, threshold: number, trustees: number) =>
    tx({ kind: 'ceremony-restart', campaignId, restart: n, threshold, trustees })
  // the first ceremony of campaign 8 fails: dealer 1 equivocates, one qualified dealer of t = 2
  const old = [1, 2].map((i) => generateTrusteeKey(8, i))
  const oldParams = {
    campaignId: 8,
    threshold: 2,
    trusteeKeys: old.map((t) => t.record.ceremonyKey),
  }
  const oldHonest = createDealing(oldParams, 2)
  assert.deepEqual(
    chain.block(
      [
        restart(8, 1, 2, 3),
        tx(rec.trustees(8, 2, 2)),
        ...old.map((t) => tx(rec.key(t.record))),
        tx(rec.dealing(createDealing(oldParams, 1))),
        tx(rec.dealing(createDealing(oldParams, 1))),
        tx(rec.dealing(oldHonest)),
      ],
      1_000
    ),
    ['no_trustees', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']
  )
  // a new ceremony, 2 of 3, with new keys: the old keys, dealings and t of n are gone
  const fresh = [1, 2, 3].map((i) => generateTrusteeKey(8, i))
  const params = {
    campaignId: 8,
    threshold: 2,
    trusteeKeys: fresh.map((t) => t.record.ceremonyKey),
  }
  const dealings = [1, 2, 3].map((dealer) => createDealing(params, dealer))
  assert.deepEqual(
    chain.block(
      [
        restart(8, 2, 2, 3), // numbered in order: the first restart is 1
        restart(8, 1, 2, 3),
        tx(rec.trustees(8, 2, 3)),
        tx(rec.dealing(dealings[0]!)), // the new keys are not all there yet
        ...fresh.map((t) => tx(rec.key(t.record))),
        tx(rec.key(old[0]!.record)), // trustee 1 already has a key in this ceremony
        ...dealings.map((d) => tx(rec.dealing(d))),
      ],
      2_000
    ),
    [
      'bad_index: restart 2, expected 1',
      'ok',
      'trustees_exist',
      'ceremony_keys_incomplete',
      'ok',
      'ok',
      'ok',
      'duplicate_trustee_key',
      'ok',
      'ok',
      'ok',
    ]
  )
  // the old ceremony's dealing does not fit this one's keys
  assert.match(chain.block([tx(rec.dealing(oldHonest))], 2_500)[0]!, /^invalid_dealing/)
  // a replica restarted here restores the new ceremony, not the old one
  const restored = new PbApp({ admins: [admin.publicKey] })
  restored.restore(chain.entries())
  assert.equal(restored.precheck(tx(rec.key(fresh[2]!.record)), 3_000), 'duplicate_trustee_key')
  const result = ceremonyResult(params, dealings, [])
  assert.ok(result.ok)
  const campaign = (trustees: number, electionKey: Uint8Array) =>
    campaignTx(
      admin,
      encryptedDemoCampaign(8, registrar.pk, { threshold: 2, trustees, electionKey })
    )
  assert.equal(
    restored.precheck(campaign(2, pointBytes(result.electionKey)), 3_000),
    'ceremony_mismatch: 2 of 2, the trustees record says 2 of 3'
  )
  assert.deepEqual(
    chain.block([campaign(3, pointBytes(result.electionKey)), restart(8, 2, 2, 3)], 3_000),
    ['ok', 'ceremony_closed']
  )
  // restarts are bounded per campaign
  const many = Array.from({ length: 9 }, (_, k) => restart(13, Math.min(k + 1, 8), 1, 1))
  assert.deepEqual(chain.block([tx(rec.trustees(13, 1, 1)), ...many], 4_000), [
    'ok',
    ...Array(8).fill('ok'),
    'too_many_restarts: 8 already',
  ])
})

/** An encrypted ballot of `voter` for these choices in the ceremony's campaign. */
function vote(
  c: Ceremony,
  voter: Voter,
  choices: Choice[],
  opts: { badCredential?: boolean } = {}
): Uint8Array {
  return encryptedBallotTx(
    c.registrar.sk,
    ID,
    voter,
    encryptChoices(c.context, voter.publicKey, choices),
    opts
  )
}

const CHOICES: Choice[][] = [
  [{ projectId: 11, weight: 1 }],
  [
    { projectId: 12, weight: 1 },
    { projectId: 31, weight: 3 },
  ],
  [
    { projectId: 13, weight: 1 },
    { projectId: 41, weight: 2 },
  ],
]

interface Voting extends Ceremony {
  voters: Voter[]
  ballots: Uint8Array[]
}

/** The ceremony, a clear campaign 9, and three encrypted ballots (with every ballot refusal). */
function voting(): Voting {
  const c = ceremony()
  const voters = [0, 1, 2, 3, 4].map(() => makeVoter())
  const ballots = CHOICES.map((choices, v) => vote(c, voters[v]!, choices))
  const copied = decodeEncryptedBallot(ballotBytesOf(ballots[0]!))
  assert.ok(copied.ok)
  // voter 3 submits voter 0's ciphertext and proof under its own key, credential and signature
  const copy = encryptedBallotTx(c.registrar.sk, ID, voters[3]!, copied.value.encrypted)
  const longer = encryptChoices(
    { ...c.context, paddedLength: c.context.paddedLength + 1 },
    voters[4]!.publicKey,
    CHOICES[0]!
  )
  const clearContext = { ...c.context, campaignId: CLEAR }
  const txs = [
    ...ballots,
    copy,
    encryptedBallotTx(c.registrar.sk, ID, voters[4]!, longer),
    ballotTx(c.registrar.sk, ID, voters[4]!, CHOICES[0]!).tx,
    encryptedBallotTx(
      c.registrar.sk,
      CLEAR,
      voters[4]!,
      encryptChoices(clearContext, voters[4]!.publicKey, CHOICES[0]!)
    ),
    vote(c, voters[0]!, CHOICES[1]!),
    vote(c, voters[4]!, CHOICES[0]!, { badCredential: true }),
    vote(c, voters[4]!, [{ projectId: 11, weight: 1 }]),
  ]
  assert.deepEqual(
    c.chain.block([campaignTx(c.admin, demoCampaign(CLEAR, c.registrar.pk, OPENS, CLOSES))], 9_000),
    ['ok']
  )
  assert.equal(c.chain.block([vote(c, voters[4]!, CHOICES[0]!)], OPENS - 1)[0], 'voting_not_open')
  // the block's proofs are verified together ahead of execution; delivery then hits the cache
  c.chain.app.prevalidate(txs)
  const verified = c.chain.app.stats.proofVerifies
  assert.equal(verified, 7, 'the 7 ballots of campaign 7 with the right length')
  assert.deepEqual(c.chain.block(txs, OPENS + 1_000), [
    'ok',
    'ok',
    'ok',
    'invalid_proof',
    'wrong_length',
    'encrypted_campaign',
    'not_encrypted_campaign',
    'duplicate_voter',
    'invalid_credential',
    'ok',
  ])
  assert.equal(c.chain.app.stats.proofVerifies, verified, 'no proof verified twice')
  ballots.push(txs[9]!)
  return { ...c, voters, ballots }
}

function ballotBytesOf(tx: Uint8Array): Uint8Array {
  const d = decodePbTx(tx)
  if (d.kind !== 'encrypted-ballot') throw new Error('not an encrypted ballot tx')
  return d.ballotBytes
}

test('pb encrypted ballots: proof, length, version mixing, duplicates; tally counts only', () => {
  const v = voting()
  const tally = v.chain.app.committedTally(ID)!
  assert.equal(tally.ballots, 4)
  assert.equal(tally.paperBallots, 0)
  assert.ok([...tally.projects.values()].every((p) => p.votes === 0 && p.points === 0))
  assert.ok([...tally.pots.values()].every((n) => n === 0))
  assert.equal(v.chain.app.committedEncryptedCount(ID), 4)
  assert.equal(v.chain.app.committedEncryptedCount(CLEAR), 0)
  // admission: a copied ciphertext and a v1 ballot are refused early
  const copied = decodeEncryptedBallot(ballotBytesOf(v.ballots[1]!))
  assert.ok(copied.ok)
  const late = makeVoter()
  assert.equal(
    v.chain.app.precheck(
      encryptedBallotTx(v.registrar.sk, ID, late, copied.value.encrypted),
      OPENS
    ),
    'invalid_proof'
  )
  assert.equal(
    v.chain.app.precheck(ballotTx(v.registrar.sk, ID, late, CHOICES[0]!).tx, OPENS),
    'encrypted_campaign'
  )
  assert.equal(v.chain.app.precheck(vote(v, late, CHOICES[0]!), OPENS), null)
  assert.equal(v.chain.app.precheck(vote(v, late, CHOICES[0]!), CLOSES), 'voting_closed')
  assert.deepEqual(v.chain.block([vote(v, late, CHOICES[0]!)], CLOSES), ['voting_closed'])
})

/** Trustee `index`'s key share and its decryption-share batch over `ballots` from position 0. */
function shareBatch(v: Voting, index: number, count = v.ballots.length): DecryptionShareBatch {
  const result = ceremonyResult(v.params, v.dealings, [v.complaint])
  assert.ok(result.ok)
  const own = trusteeSecretShare(v.params, result, v.dealings, index, v.trustees[index - 1]!.secret)
  assert.ok(own.ok)
  const ballots = v.ballots.slice(0, count).map((tx) => {
    const b = decodeEncryptedBallot(ballotBytesOf(tx))
    assert.ok(b.ok)
    return b.value
  })
  return makeDecryptionShareBatch(
    {
      campaignId: ID,
      trustee: index,
      keyShare: own.share,
      publicShare: result.publicShares[index - 1]!,
    },
    ballots,
    0
  )
}

test('pb decryption shares: only after the close, canonical batches, one per trustee and range', () => {
  const v = voting()
  const tx = (b: DecryptionShareBatch) => thresholdRecordTx(v.admin, rec.shares(b))
  const [one, two, three] = [1, 2, 3].map((i) => shareBatch(v, i))
  assert.equal(v.chain.app.precheck(tx(one!), CLOSES - 1), 'voting_not_closed')
  assert.deepEqual(v.chain.block([tx(one!)], CLOSES - 1), ['voting_not_closed'])
  assert.deepEqual(
    v.chain.block(
      [
        tx(one!),
        tx(one!),
        tx(shareBatch(v, 2, 3)),
        tx({ ...two!, first: 1 }),
        tx({ ...two!, first: 1024 }),
        tx({ ...two!, trustee: 6 }),
        tx({ ...two!, campaignId: CLEAR }),
        tx({ ...two!, campaignId: 10 }),
        tx(two!),
        tx(three!),
      ],
      CLOSES
    ),
    [
      'ok',
      'duplicate_shares',
      'bad_range: 3 shares from 0, expected 4',
      'bad_range: first 1 is not a multiple of 1024',
      'bad_range: first 1024, but only 4 encrypted ballots',
      'bad_index: trustee 6 of 5',
      'not_encrypted_campaign',
      'unknown_campaign',
      'ok',
      'ok',
    ]
  )
  assert.equal(v.chain.app.precheck(tx(one!), CLOSES + 1), 'duplicate_shares')
  // positions are the order in which the replicas accepted the ballots: t shares open each one
  const expected = [...CHOICES, [{ projectId: 11, weight: 1 }]]
  v.ballots.forEach((ballotTxBytes, position) => {
    const b = decodeEncryptedBallot(ballotBytesOf(ballotTxBytes))
    assert.ok(b.ok)
    const opened = decryptBallot(
      b.value,
      v.context.electionKey,
      [one!, two!, three!].map((batch) => ({
        trustee: batch.trustee,
        share: batch.shares[position]!.share,
      })),
      3
    )
    assert.deepEqual(opened, { ok: true, choices: expected[position] })
  })
})

test('pb voting-closed: the admin ends the window early; later ballots refused, shares accepted', () => {
  const v = voting()
  const closing = recordTx(v.admin, { kind: 'voting-closed', campaignId: ID })
  const early = OPENS + 5_000 // long before the campaign tx's end (CLOSES)
  const share = thresholdRecordTx(v.admin, rec.shares(shareBatch(v, 1)))
  assert.deepEqual(v.chain.block([share], early - 1), ['voting_not_closed'])
  assert.deepEqual(
    v.chain.block(
      [
        recordTx(v.admin, { kind: 'voting-closed', campaignId: 10 }),
        closing,
        vote(v, v.voters[4]!, CHOICES[0]!),
        recordTx(v.admin, { kind: 'voting-closed', campaignId: ID }),
      ],
      early
    ),
    ['unknown_campaign', 'ok', 'voting_closed', 'voting_closed']
  )
  // only a genesis admin may close, and only with a well-formed payload
  const reasonOf = (tx: Uint8Array) => {
    const check = v.chain.app.checkTx(tx)
    return check.ok ? 'ok' : check.reason
  }
  const outsider = makeAdmin()
  assert.match(
    reasonOf(recordTx(outsider, { kind: 'voting-closed', campaignId: ID })),
    /unauthorized/
  )
  assert.match(
    reasonOf(recordBytesTx(v.admin, 'voting-closed', encodeCbor([1, ID, 0]))),
    /malformed/
  )
  // at admission too, and after a restart from the persisted entries
  const restored = new PbApp({ admins: [v.admin.publicKey] })
  restored.restore(v.chain.entries())
  for (const app of [v.chain.app, restored]) {
    assert.equal(app.precheck(vote(v, v.voters[4]!, CHOICES[0]!), early), 'voting_closed')
    assert.equal(app.precheck(closing, early + 1), 'voting_closed')
    assert.equal(app.precheck(share, early + 1), null)
  }
  // the count of encrypted ballots is final: the trustees' shares are taken from the close on
  assert.deepEqual(v.chain.block([share], early + 1), ['ok'])
  assert.equal(v.chain.app.committedEncryptedCount(ID), 4)
})

test('pb voting-closed: not before the window opens, not for another campaign', () => {
  const v = voting()
  assert.deepEqual(
    v.chain.block([recordTx(v.admin, { kind: 'voting-closed', campaignId: ID })], OPENS - 1),
    ['voting_not_open']
  )
  // closing the encrypted campaign leaves the clear one open
  assert.deepEqual(
    v.chain.block([recordTx(v.admin, { kind: 'voting-closed', campaignId: ID })], OPENS + 2_000),
    ['ok']
  )
  const clear = ballotTx(v.registrar.sk, CLEAR, v.voters[4]!, CHOICES[0]!).tx
  assert.deepEqual(v.chain.block([clear], OPENS + 3_000), ['ok'])
})

test('pb threshold state: restore from the persisted entries gives the same state and verdicts', () => {
  const v = voting()
  const [one, two] = [1, 2].map((i) => shareBatch(v, i))
  assert.deepEqual(v.chain.block([thresholdRecordTx(v.admin, rec.shares(one!))], CLOSES), ['ok'])
  // a replica that crashed here restarts from its persisted entries
  const restored = new PbApp({ admins: [v.admin.publicKey] })
  const state = restored.restore(v.chain.entries())
  assert.equal(state.height, v.chain.state.height)
  assert.deepEqual(restored.committedTally(ID), v.chain.app.committedTally(ID))
  assert.equal(restored.committedEncryptedCount(ID), 4)
  assert.deepEqual(
    restored.campaign(null, ID)!.campaign.encryption,
    v.chain.app.campaign(null, ID)!.campaign.encryption
  )
  const tx = (r: Parameters<typeof thresholdRecordTx>[1]) => thresholdRecordTx(v.admin, r)
  const next = [
    tx(rec.shares(one!)),
    tx(rec.shares(two!)),
    tx(rec.key(generateTrusteeKey(ID, 2).record)),
    tx(rec.trustees(ID, 3, 5)),
    vote(v, v.voters[0]!, CHOICES[0]!),
    campaignTx(v.admin, v.campaign),
  ]
  const ctx = { chainId: 'c', height: state.height + 1, timestampMs: CLOSES + 1 }
  const runs = [
    v.chain.app.beginBlock(v.chain.state, v.chain.root, ctx),
    restored.beginBlock(state, v.chain.root, ctx),
  ].map((run) => {
    const verdicts = next.map((t) => {
      const out = run.deliverTx(t)
      return out.ok ? 'ok' : out.reason
    })
    return { verdicts, root: toHex(run.finish().stateRoot) }
  })
  assert.deepEqual(runs[0]!.verdicts, [
    'duplicate_shares',
    'ok',
    'ceremony_closed',
    'ceremony_closed',
    'voting_closed',
    'campaign_exists',
  ])
  assert.deepEqual(runs[1], runs[0])
  // and the ceremony records came back as they were accepted (dealings byte for byte)
  const keys = new Set(v.chain.entries().map(([k]) => new TextDecoder().decode(k)))
  for (const k of [
    'ct/7',
    'ck/7/5',
    'cd/7/1/0',
    'cd/7/4/0',
    'cc/7/1/4',
    'cc/7/2/1',
    'e/7',
    's/7/1/0',
  ])
    assert.ok(keys.has(k), k)
  const cd = v.chain.entries().find(([k]) => new TextDecoder().decode(k) === 'cd/7/4/0')!
  assert.equal(toHex(cd[1]), toHex(encodeDealing(v.dealings[3]!)))
})

/** A deterministic byte mutator (xorshift32): flips, overwrites, truncates, inserts, repeats. */
function mutator(seed: number) {
  let x = seed >>> 0 || 1
  const next = () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
  return (bytes: Uint8Array): Uint8Array => {
    const out = Array.from(bytes)
    const at = next() % Math.max(1, out.length)
    switch (next() % 6) {
      case 0:
        out[at] = out[at]! ^ (1 << (next() % 8))
        break
      case 1:
        out[at] = next() & 0xff
        break
      case 2:
        out.length = at
        break
      case 3:
        out.splice(at, 0, next() & 0xff)
        break
      case 4:
        out.splice(at, 0, ...out.slice(at, at + 1 + (next() % 40)))
        break
      default:
        for (let k = 0; k < 4; k++) out[next() % Math.max(1, out.length)] = next() & 0xff
    }
    return Uint8Array.from(out)
  }
}

test('pb threshold records and ballots v2: hundreds of junk payloads never throw', () => {
  const v = voting()
  const one = shareBatch(v, 1)
  const voter = makeVoter()
  const ballotBytes = ballotBytesOf(vote(v, voter, CHOICES[0]!))
  const payloads: [string, Uint8Array][] = [
    ['trustees', encodeThresholdRecord(rec.trustees(ID, 3, 5))],
    ['trustee-key', encodeTrusteeKey(v.trustees[0]!.record)],
    ['dkg-dealing', encodeDealing(v.dealings[0]!)],
    ['dkg-complaint', encodeComplaint(v.complaint)],
    ['decryption-shares', encodeThresholdRecord(rec.shares(one))],
    ['voting-closed', encodeCbor([1, ID])],
    ['ballot', ballotBytes],
    ['campaign', encodeCampaign({ ...v.campaign, id: 12 })],
  ]
  const resign = (kind: string, bytes: Uint8Array): Uint8Array => {
    if (kind === 'ballot')
      return encodeBallotTx(bytes, ed25519Sign(voter.seed, ballotSigningMessage(bytes)))
    if (kind === 'campaign')
      return encodeCampaignTx(
        bytes,
        v.admin.publicKey,
        ed25519Sign(v.admin.seed, campaignSigningMessage(bytes))
      )
    return recordBytesTx(v.admin, kind as 'trustees' | 'voting-closed', bytes)
  }
  const mutate = mutator(0x5eed)
  const junk: Uint8Array[] = []
  for (let i = 0; i < 420; i++) {
    const [kind, payload] = payloads[i % payloads.length]!
    let bytes = mutate(payload)
    if (i % 3 === 0) bytes = mutate(bytes)
    junk.push(resign(kind, bytes))
  }
  // in the middle of campaign 7's ceremony (keys and dealings, no complaint, no campaign tx), during
  // voting and after the close
  const mid = new Chain(v.admin)
  mid.block(
    [
      thresholdRecordTx(v.admin, rec.trustees(ID, 3, 5)),
      ...v.trustees.map((t) => thresholdRecordTx(v.admin, rec.key(t.record))),
      ...v.dealings.map((d) => thresholdRecordTx(v.admin, rec.dealing(d))),
    ],
    1_000
  )
  const verdicts: string[] = []
  for (const [chain, timestampMs] of [
    [mid, 2_000],
    [v.chain, OPENS + 5_000],
    [v.chain, CLOSES + 5_000],
  ] as const) {
    for (const tx of junk) assert.doesNotThrow(() => chain.app.checkTx(tx))
    for (const tx of junk) assert.doesNotThrow(() => chain.app.precheck(tx, timestampMs))
    assert.doesNotThrow(() => chain.app.prevalidate(junk))
    assert.doesNotThrow(() => verdicts.push(...chain.block(junk, timestampMs)))
  }
  assert.equal(verdicts.length, 3 * junk.length)
  const refused = verdicts.filter((r) => r !== 'ok')
  assert.ok(refused.every((r) => typeof r === 'string' && r.length > 0))
  assert.ok(refused.length > verdicts.length * 0.8, 'junk is refused')
  // something got past the decoders and met the rules themselves
  assert.ok(refused.some((r) => !r.startsWith('malformed') && r !== 'invalid_signature'))
})
