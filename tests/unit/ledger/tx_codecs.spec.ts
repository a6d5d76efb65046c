/**
 * The app's tx encoders against the replicas' own codec (ledger-node/dist, built by `npm run build -w
 * ledger-node`): what the app signs must decode, verify and re-encode byte for byte on a replica, and
 * `decodeLedgerTx` must read what the replicas' fixtures build.
 */
import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  decodeLedgerTx,
  encodePaperBatch,
  encodePaperBatchTx,
  encodeRecordTx,
  type PaperBatch,
} from '@civic-budget/protocol/tx'
import { cborEncode } from '@civic-budget/protocol/cbor'

type NodeCodec = typeof import('../../../ledger-node/dist/src/app/pb/codec.js')
type NodeFixtures = typeof import('../../../ledger-node/dist/src/app/pb/fixtures.js')
const load = async () => ({
  codec: (await import(
    new URL('../../../ledger-node/dist/src/app/pb/codec.js', import.meta.url).href
  )) as NodeCodec,
  fx: (await import(
    new URL('../../../ledger-node/dist/src/app/pb/fixtures.js', import.meta.url).href
  )) as NodeFixtures,
})

const batch: PaperBatch = {
  campaignId: 7,
  station: 'Гімназія №3',
  batchNo: 2,
  // deliberately unsorted: the encoder orders sheets and choices as the replicas require
  sheets: [
    {
      sheetNo: 9,
      choices: [
        { projectId: 13, weight: 1 },
        { projectId: 11, weight: 1 },
      ],
    },
    { sheetNo: 4, choices: [{ projectId: 31, weight: 3 }] },
  ],
}

test.group('ledger / tx codecs against ledger-node', () => {
  test('a paper batch encoded and signed by the app decodes and verifies on a replica', async ({
    assert,
  }) => {
    const { codec } = await load()
    const operatorSk = randomBytes(32)
    const adminSk = randomBytes(32)
    const batchBytes = encodePaperBatch(batch)
    const tx = encodePaperBatchTx(batchBytes, operatorSk, adminSk)
    const d = codec.decodePbTx(tx)
    assert.equal(d.kind, 'paper-batch')
    if (d.kind !== 'paper-batch') return
    assert.deepEqual(
      d.batch.sheets.map((s) => s.sheetNo),
      [4, 9]
    )
    assert.deepEqual(d.batch.sheets[1].choices, [
      { projectId: 11, weight: 1 },
      { projectId: 13, weight: 1 },
    ])
    assert.deepEqual([...codec.encodePaperBatch(d.batch)], [...batchBytes])
    assert.deepEqual([...d.operatorKey], [...ed25519.getPublicKey(operatorSk)])
    assert.isTrue(
      codec.ed25519Verify(
        d.operatorKey,
        codec.paperBatchOperatorMessage(batchBytes),
        d.operatorSignature
      )
    )
    assert.isTrue(
      codec.ed25519Verify(
        d.adminKey,
        codec.paperBatchApprovalMessage(batchBytes, d.operatorKey),
        d.adminSignature
      )
    )
  })

  test('every record kind signed by the app decodes and verifies on a replica', async ({
    assert,
  }) => {
    const { codec } = await load()
    const adminSk = randomBytes(32)
    const payloads = {
      'support': [1, 7, 3, new Uint8Array(32).fill(5), 1_700_000_000_000, 'withdraw'],
      'attachment': [1, 7, 3, new Uint8Array(32).fill(6), 2048, 'image/png'],
      'credentials-issued': [
        1,
        7,
        1_700_000_000_000,
        10,
        [
          [1, 4],
          [2, 6],
        ],
      ],
      'outcome': [1, 7, 'greedy', new Uint8Array(32).fill(8), [[1, [11, 13]]], ''],
    } as const
    for (const [kind, payload] of Object.entries(payloads)) {
      const k = kind as keyof typeof payloads
      const tx = encodeRecordTx(k, payload as never, adminSk)
      const d = codec.decodePbTx(tx)
      assert.equal(d.kind, 'record', kind)
      if (d.kind !== 'record') continue
      assert.equal(d.record.kind, kind)
      assert.isTrue(
        codec.ed25519Verify(d.adminKey, codec.recordSigningMessage(k, d.payloadBytes), d.signature),
        kind
      )
      assert.equal(decodeLedgerTx(tx).kind, kind)
    }
  })

  test('decodeLedgerTx reads every kind the replicas build', async ({ assert }) => {
    const { fx } = await load()
    const admin = fx.makeAdmin()
    const operator = fx.makeAdmin()
    const reg = fx.makeRegistrar()
    const voter = fx.makeVoter()

    const ballot = decodeLedgerTx(fx.ballotTx(reg.sk, 7, voter, fx.DEMO_CHOICES).tx)
    assert.equal(ballot.kind, 'ballot')
    if (ballot.kind === 'ballot') assert.deepEqual(ballot.ballot.choices, fx.DEMO_CHOICES)

    const campaign = decodeLedgerTx(fx.campaignTx(admin, fx.demoCampaign(7, reg.pk, 5, 10)))
    assert.equal(campaign.kind, 'campaign')
    if (campaign.kind === 'campaign') {
      assert.equal(campaign.campaign.votingOpensAtMs, 5)
      assert.deepEqual(campaign.campaign.pots[2], {
        id: 3,
        budget: 0,
        rule: { kind: 'cumulative', points: 5, maxPerProject: 3 },
      })
      assert.lengthOf(campaign.campaign.projects, 11)
    }

    const support = decodeLedgerTx(
      fx.recordTx(admin, {
        kind: 'support',
        campaignId: 7,
        ideaId: 4,
        supporterHash: new Uint8Array(32).fill(1),
        atMs: 99,
        action: 'sign',
      })
    )
    assert.deepEqual(support.kind === 'support' && 'record' in support ? support.record : null, {
      kind: 'support',
      campaignId: 7,
      ideaId: 4,
      supporterHash: '01'.repeat(32),
      atMs: 99,
      action: 'sign',
    })

    const issued = decodeLedgerTx(
      fx.recordTx(admin, {
        kind: 'credentials-issued',
        campaignId: 7,
        asOfMs: 5,
        total: 3,
        communities: [{ communityId: 2, total: 3 }],
      })
    )
    assert.equal(issued.kind, 'credentials-issued')

    const paper = decodeLedgerTx(
      fx.paperBatchTx(admin, operator, {
        campaignId: 7,
        station: 'S',
        batchNo: 1,
        sheets: [{ sheetNo: 1, choices: [{ projectId: 11, weight: 1 }] }],
      })
    )
    assert.equal(paper.kind, 'paper-batch')
    if (paper.kind === 'paper-batch') {
      assert.deepEqual(paper.batch, {
        campaignId: 7,
        station: 'S',
        batchNo: 1,
        sheets: [{ sheetNo: 1, choices: [{ projectId: 11, weight: 1 }] }],
      })
      assert.deepEqual([...paper.operatorKey], [...operator.publicKey])
    }
  })

  test('decodeLedgerTx refuses unknown kinds, wrong shapes and non-canonical bytes', ({
    assert,
  }) => {
    assert.throws(() => decodeLedgerTx(cborEncode([1, 'vote', new Uint8Array(1)])), /unknown kind/)
    assert.throws(
      () =>
        decodeLedgerTx(
          cborEncode([1, 'support', cborEncode([1, 7]), new Uint8Array(32), new Uint8Array(64)])
        ),
      /support/
    )
    // [1, "kv"] with the 1 written in two bytes
    assert.throws(() => decodeLedgerTx(new Uint8Array([0x82, 0x18, 0x01, 0x62, 0x6b, 0x76])))
  })
})
