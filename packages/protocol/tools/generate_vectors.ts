/**
 * Writes the golden vectors (`test/vectors/*.json`) from fixed keys and inputs. Run it only when the
 * byte format changes on purpose (`npm run vectors -w packages/protocol` after a build): the vectors
 * pin today's bytes, and the package, the app and the replicas are all tested against them.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bls, hashToG2, encodeG2, scalarToBytes, publicKeyOf, CURVE_ORDER } from '../src/bls.js'
import { bytesToBase64, bytesToHex, hexToBytes, utf8 } from '../src/bytes.js'
import { cborEncode, type CborValue } from '../src/cbor.js'
import { sha256 } from '../src/hash.js'
import { leafHash, merkleRoot, auditPath } from '../src/merkle.js'
import {
  blockHashOf,
  commitMessage,
  encodeHeader,
  genesisBlockHash,
  type Genesis,
} from '../src/block.js'
import { credentialMessage, popProve, signBlinded, unblind } from '../src/credential.js'
import {
  ballotHash,
  ballotTx,
  decodeBallot,
  encodeBallot,
  signBallot,
  txHash,
} from '../src/ballot.js'
import type { ProtocolError } from '../src/errors.js'
import { makeReceipt, makeTxReceipt, verifyReceipt, type Receipt } from '../src/receipt.js'
import { genesisFingerprint } from '../src/genesis_fingerprint.js'
import {
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
  encodeRecordTx,
  type CampaignDefinition,
} from '../src/tx.js'
import { checkChoices, type CampaignPot, type CampaignProject } from '../src/rules.js'
import { rejectionOf } from '../src/rejections.js'
import { writeThresholdVectors } from './threshold_vectors.js'

const VECTORS = fileURLToPath(new URL('../../test/vectors/', import.meta.url))

/** A deterministic 32-byte seed / scalar for a label. */
const seed = (label: string) => sha256(utf8(`civic-budget/vectors/${label}`))
const blsSecret = (label: string) => {
  let k = 0n
  for (const byte of seed(label)) k = (k << 8n) | BigInt(byte)
  return scalarToBytes((k % (CURVE_ORDER - 1n)) + 1n)
}
const hex = bytesToHex

function write(name: string, value: unknown) {
  writeFileSync(`${VECTORS}${name}.json`, JSON.stringify(value, null, 2) + '\n')
}

/* ------------------------------------------------------------------------------ keys and genesis */

const replicaSecrets = [0, 1, 2, 3].map((i) => blsSecret(`replica-${i}`))
const genesis: Genesis = {
  chainId: 'civic-budget-vectors',
  quorum: 3,
  replicas: replicaSecrets.map((sk, index) => ({
    index,
    publicKey: hex(publicKeyOf(sk)),
    pop: popProve(sk),
    address: `127.0.0.1:${7000 + index}`,
  })),
}
const registrarSecret = blsSecret('registrar')
const adminSeed = seed('admin')
const operatorSeed = seed('operator')
const voterSeeds = [1, 2].map((i) => seed(`voter-${i}`))

function commitBy(blockHash: string, signers: number[]) {
  const message = hashToG2(commitMessage(blockHash))
  const signatures = signers.map((i) => bls.sign(message, replicaSecrets[i]))
  return { signers, signature: hex(encodeG2(bls.aggregateSignatures(signatures))) }
}

/* -------------------------------------------------------------------------------------- bytes */

write('bytes', {
  hex: {
    valid: [
      { hex: '', bytes: [] },
      { hex: '00ff10ab', bytes: [0, 255, 16, 171] },
    ],
    // protocol.md "Encodings": hex is lowercase; every decoder refuses anything else.
    invalid: ['ABCD', '00FF', 'abc', 'zz', '0x00', ' 00'],
  },
  base64: {
    valid: [
      { text: '', hex: '' },
      { text: 'AA==', hex: '00' },
      { text: 'AA', hex: '00' },
      { text: 'AAE=', hex: '0001' },
      { text: '+/8=', hex: 'fbff' },
    ],
    invalid: ['A', 'AB==', '-_8=', 'AA=A', 'A A='],
  },
  uint64be: [0, 1, 255, 256, 2 ** 32, Number.MAX_SAFE_INTEGER].map((n) => ({
    value: n,
    hex: hex(
      (() => {
        const out = new Uint8Array(8)
        new DataView(out.buffer).setBigUint64(0, BigInt(n))
        return out
      })()
    ),
  })),
  sha256: ['', 'abc', 'civic-budget'].map((text) => ({ text, hex: hex(sha256(utf8(text))) })),
})

/* --------------------------------------------------------------------------------------- cbor */

const cborValues: { value: CborValue; note: string }[] = [
  { value: 0, note: 'smallest uint' },
  { value: 23, note: 'last one-byte uint' },
  { value: 24, note: 'first two-byte uint' },
  { value: 65536, note: 'four-byte uint' },
  { value: Number.MAX_SAFE_INTEGER, note: 'largest safe uint' },
  { value: 'ballot', note: 'tstr' },
  { value: [1, 'x', [2, 3]], note: 'nested arrays' },
]
write('cbor', {
  valid: cborValues.map(({ value, note }) => ({
    note,
    json: value,
    hex: hex(cborEncode(value)),
  })),
  bytes: [{ hex: '0102', cbor: hex(cborEncode(hexToBytes('0102'))) }],
  // Each must be refused by a strict decoder (the canonical re-encoding differs, or not v1 data).
  invalid: [
    { hex: '1817', why: 'uint 23 in two bytes (non-shortest)' },
    { hex: '9f01ff', why: 'indefinite-length array' },
    { hex: 'a10102', why: 'map' },
    { hex: '20', why: 'negative integer' },
    { hex: 'f93c00', why: 'float' },
    { hex: 'f5', why: 'boolean' },
    { hex: '0100', why: 'trailing bytes' },
    { hex: '6261', why: 'truncated tstr' },
  ],
})

/* ------------------------------------------------------------------------------------- merkle */

const leaves = Array.from({ length: 9 }, (_, i) => utf8(`tx-${i}`))
write('merkle', {
  leaves: leaves.map(hex),
  leafHash0: hex(leafHash(leaves[0])),
  roots: Array.from({ length: 10 }, (_, n) => hex(merkleRoot(leaves.slice(0, n)))),
  paths: [1, 2, 3, 5, 7, 9].flatMap((n) =>
    [0, n - 1, Math.floor(n / 2)]
      .filter((index, i, all) => all.indexOf(index) === i)
      .map((index) => ({ treeSize: n, index, path: auditPath(index, leaves.slice(0, n)).map(hex) }))
  ),
})

/* ------------------------------------------------------------------------------ credential */

const voterKeys = voterSeeds.map((s) => ed25519.getPublicKey(s))
const credentials = voterKeys.map((voterKey, i) => {
  const campaignId = 7
  const message = credentialMessage(campaignId, voterKey)
  const r = 12345n + BigInt(i)
  const blinded = hex(encodeG2(hashToG2(message).multiply(r)))
  const blindSignature = signBlinded(registrarSecret, blinded)
  return {
    campaignId,
    voterKey: hex(voterKey),
    message: hex(message),
    r: r.toString(),
    blinded,
    blindSignature,
    credential: unblind(blindSignature, r),
  }
})
write('credential', {
  registrarSecretKey: hex(registrarSecret),
  registrarPublicKey: hex(publicKeyOf(registrarSecret)),
  registrarPop: popProve(registrarSecret),
  credentials,
})

/* ----------------------------------------------------------------------------------- ballots */

const ballotInputs = [
  {
    campaignId: 7,
    choices: [
      { projectId: 12, weight: 1 },
      { projectId: 3, weight: 1 },
    ],
  },
  { campaignId: 7, choices: [] },
]
const ballots = ballotInputs.map((input, i) => {
  const ballotBytes = encodeBallot({
    ...input,
    voterKey: voterKeys[i],
    credential: credentials[i].credential,
  })
  const signature = signBallot(voterSeeds[i], ballotBytes)
  const tx = ballotTx(ballotBytes, signature)
  return {
    voterSecretKey: hex(voterSeeds[i]),
    input: { ...input, voterKey: hex(voterKeys[i]), credential: credentials[i].credential },
    ballotBytes: hex(ballotBytes),
    ballotHash: ballotHash(ballotBytes),
    signature: hex(signature),
    txBytes: hex(tx),
    txHash: txHash(tx),
  }
})
const good = ballots[0]
/** The code `decodeBallot` refuses the bytes with (pinned: every decoder must refuse them too). */
function decodeFailure(bytesHex: string): string {
  try {
    decodeBallot(hexToBytes(bytesHex))
  } catch (error) {
    return (error as ProtocolError).code
  }
  throw new Error(`ballot ${bytesHex} decodes`)
}
const reEncoded = (mutate: (v: CborValue[]) => void) => {
  const v: CborValue[] = [
    1,
    7,
    [
      [3, 1],
      [12, 1],
    ],
    voterKeys[0],
    hexToBytes(credentials[0].credential),
  ]
  mutate(v)
  return hex(cborEncode(v))
}
write('ballot', {
  registrarPublicKey: hex(publicKeyOf(registrarSecret)),
  ballots,
  // Malformed ballot bytes and the code every decoder gives them.
  malformed: [
    {
      why: 'unsorted choices',
      hex: reEncoded(
        (v) =>
          (v[2] = [
            [12, 1],
            [3, 1],
          ])
      ),
    },
    {
      why: 'repeated project',
      hex: reEncoded(
        (v) =>
          (v[2] = [
            [3, 1],
            [3, 2],
          ])
      ),
    },
    { why: 'version 2', hex: reEncoded((v) => (v[0] = 2)) },
    { why: 'short voter key', hex: reEncoded((v) => (v[3] = new Uint8Array(31))) },
    { why: 'short credential', hex: reEncoded((v) => (v[4] = new Uint8Array(95))) },
    { why: 'four fields', hex: reEncoded((v) => v.pop()) },
    { why: 'non-canonical head', hex: '9805' + good.ballotBytes.slice(2) },
  ].map((m) => ({ ...m, code: decodeFailure(m.hex) })),
  // Well-formed ballots the stateless check refuses, with the reason.
  rejected: [
    {
      why: 'signature of another ballot',
      ballotBytes: good.ballotBytes,
      signature: ballots[1].signature,
      reason: 'invalid_signature',
    },
    {
      why: 'credential of another voter',
      ballotBytes: (() => {
        const bytes = encodeBallot({
          campaignId: 7,
          choices: [],
          voterKey: voterKeys[0],
          credential: credentials[1].credential,
        })
        return hex(bytes)
      })(),
      signature: null,
      reason: 'invalid_credential',
    },
  ].map((r) =>
    r.signature === null
      ? { ...r, signature: hex(signBallot(voterSeeds[0], hexToBytes(r.ballotBytes))) }
      : r
  ),
})

/* ----------------------------------------------------------------------- blocks and receipts */

const blockTxs = [
  hexToBytes(ballots[0].txBytes),
  utf8('not-a-ballot'),
  hexToBytes(ballots[1].txBytes),
]
const header = {
  chainId: genesis.chainId,
  height: 1,
  view: 1,
  parentHash: hexToBytes(genesisBlockHash(genesis.chainId)),
  justifyQcHash: sha256(utf8('qc')),
  txRoot: merkleRoot(blockTxs),
  txCount: blockTxs.length,
  stateRoot: sha256(utf8('state')),
  timestampMs: 1_760_000_000_000,
  proposer: 1,
}
const headerBytes = encodeHeader(header)
const blockHash = blockHashOf(headerBytes)
const commit = commitBy(blockHash, [0, 1, 3])
const receipt = makeReceipt({ txs: blockTxs, index: 2, headerBytes, commit })
const tampered = (mutate: (r: Receipt) => void): Receipt => {
  const copy = JSON.parse(JSON.stringify(receipt)) as Receipt
  mutate(copy)
  return copy
}
write('block', {
  genesis,
  genesisFingerprint: genesisFingerprint(genesis),
  genesisBlockHash: genesisBlockHash(genesis.chainId),
  header: {
    ...header,
    parentHash: hex(header.parentHash),
    justifyQcHash: hex(header.justifyQcHash),
    txRoot: hex(header.txRoot),
    stateRoot: hex(header.stateRoot),
  },
  headerBytes: hex(headerBytes),
  blockHash,
  commitMessage: hex(commitMessage(blockHash)),
  commit,
  txs: blockTxs.map(hex),
})
write('receipt', {
  genesis,
  valid: receipt,
  verified: { height: 1, timestampMs: header.timestampMs, txHash: txHash(blockTxs[2]), blockHash },
  // The receipt of the block's non-ballot tx (index 1): no ballotHash, no campaignId.
  txReceipt: makeTxReceipt({ txs: blockTxs, index: 1, headerBytes, commit }),
  txVerified: {
    height: 1,
    timestampMs: header.timestampMs,
    txHash: txHash(blockTxs[1]),
    blockHash,
  },
  // Receipts every verifier must refuse, with the app verifier's reason.
  invalid: [
    { why: 'other ballot hash', receipt: tampered((r) => (r.ballotHash = ballots[0].ballotHash)) },
    { why: 'other campaign', receipt: tampered((r) => (r.campaignId = 8)) },
    { why: 'tree size', receipt: tampered((r) => (r.treeSize = 4)) },
    { why: 'leaf index', receipt: tampered((r) => (r.leafIndex = 1)) },
    { why: 'block hash', receipt: tampered((r) => (r.blockHash = hex(sha256(utf8('x'))))) },
    { why: 'two signers', receipt: tampered((r) => (r.commit = commitBy(blockHash, [0, 1]))) },
    {
      why: 'repeated signer',
      receipt: tampered((r) => (r.commit = { ...commit, signers: [0, 1, 1] })),
    },
    {
      why: 'unknown signer',
      receipt: tampered((r) => (r.commit = { ...commit, signers: [0, 1, 9] })),
    },
    {
      why: 'signature of other signers',
      receipt: tampered(
        (r) => (r.commit = { ...commitBy(blockHash, [0, 1, 2]), signers: [0, 1, 3] })
      ),
    },
    {
      why: 'other chain',
      receipt: tampered((r) => {
        const other = encodeHeader({ ...header, chainId: 'other-chain' })
        r.header = bytesToBase64(other)
        r.blockHash = blockHashOf(other)
      }),
    },
  ].map((bad) => {
    const verdict = verifyReceipt(bad.receipt, genesis)
    if (verdict.ok) throw new Error(`tampered receipt (${bad.why}) verifies`)
    return { ...bad, reason: verdict.reason }
  }),
})

/* ---------------------------------------------------------------------------- other tx kinds */

const campaign: CampaignDefinition = {
  id: 7,
  registrarPublicKey: hex(publicKeyOf(registrarSecret)),
  votingOpensAtMs: 1_760_000_000_000,
  votingClosesAtMs: 1_760_600_000_000,
  pots: [
    { id: 2, budget: 50_000, rule: { kind: 'knapsack', minSharePercent: 0 } },
    { id: 1, budget: 100_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 3 } },
    { id: 3, budget: 10_000, rule: { kind: 'cumulative', points: 10, maxPerProject: 5 } },
    { id: 4, budget: 10_000, rule: { kind: 'ranked', maxRanks: 3 } },
  ],
  projects: [
    { id: 12, cost: 40_000, potId: 1 },
    { id: 3, cost: 30_000, potId: 1 },
    { id: 20, cost: 20_000, potId: 2 },
    { id: 30, cost: 5_000, potId: 3 },
    { id: 40, cost: 5_000, potId: 4 },
  ],
}
const campaignBytes = encodeCampaign(campaign)
const records = [
  {
    kind: 'support' as const,
    payload: [1, 7, 101, sha256(utf8('supporter')), 1_760_000_000_000, 'sign'],
  },
  { kind: 'attachment' as const, payload: [1, 7, 101, sha256(utf8('file')), 2048, 'image/png'] },
  {
    kind: 'credentials-issued' as const,
    payload: [
      1,
      7,
      1_760_100_000_000,
      40,
      [
        [1, 25],
        [2, 10],
      ],
    ],
  },
  {
    kind: 'outcome' as const,
    payload: [
      1,
      7,
      'greedy',
      sha256(utf8('tally')),
      [
        [1, [3, 12]],
        [2, [20]],
      ],
      '',
    ],
  },
  { kind: 'voting-closed' as const, payload: [1, 7] },
]
const batch = {
  campaignId: 7,
  station: 'School nº 5',
  batchNo: 2,
  sheets: [
    { sheetNo: 2, choices: [{ projectId: 12, weight: 1 }] },
    {
      sheetNo: 1,
      choices: [
        { projectId: 12, weight: 1 },
        { projectId: 3, weight: 1 },
      ],
    },
  ],
}
const batchBytes = encodePaperBatch(batch)
write('tx', {
  adminSecretKey: hex(adminSeed),
  adminKey: hex(ed25519.getPublicKey(adminSeed)),
  operatorSecretKey: hex(operatorSeed),
  operatorKey: hex(ed25519.getPublicKey(operatorSeed)),
  campaign: {
    definition: campaign,
    campaignBytes: hex(campaignBytes),
    txBytes: hex(encodeCampaignTx(campaignBytes, adminSeed)),
  },
  records: records.map(({ kind, payload }) => ({
    kind,
    payloadBytes: hex(cborEncode(payload as CborValue)),
    txBytes: hex(encodeRecordTx(kind, payload as CborValue, adminSeed)),
  })),
  paperBatch: {
    batch,
    batchBytes: hex(batchBytes),
    txBytes: hex(encodePaperBatchTx(batchBytes, operatorSeed, adminSeed)),
  },
  // Tx bytes every decoder refuses (shape): not [1, kind, …], unknown kind, wrong arity.
  malformed: [
    { why: 'not an array', hex: hex(cborEncode(1)) },
    {
      why: 'version 2',
      hex: hex(cborEncode([2, 'ballot', new Uint8Array(1), new Uint8Array(64)])),
    },
    { why: 'unknown kind', hex: hex(cborEncode([1, 'nothing', new Uint8Array(1)])) },
    {
      why: 'campaign tx of 4 fields',
      hex: hex(cborEncode([1, 'campaign', campaignBytes, new Uint8Array(32)])),
    },
    {
      why: 'paper batch without sheets',
      hex: hex(
        cborEncode([
          1,
          'paper-batch',
          cborEncode([1, 7, 'S', 1, []]),
          new Uint8Array(32),
          new Uint8Array(64),
          new Uint8Array(32),
          new Uint8Array(64),
        ])
      ),
    },
  ],
})

/* ------------------------------------------------------------------------------------- rules */

const pots: CampaignPot[] = campaign.pots.map((p) => ({ id: p.id, budget: p.budget, rule: p.rule }))
const projects: CampaignProject[] = [
  ...campaign.projects,
  { id: 13, cost: 20_000, potId: 1 },
  { id: 14, cost: 20_000, potId: 1 },
  { id: 21, cost: 40_000, potId: 2 },
  { id: 31, cost: 5_000, potId: 3 },
  { id: 41, cost: 5_000, potId: 4 },
  { id: 42, cost: 5_000, potId: 4 },
]
const ruleCases = [
  { why: 'acceptable', choices: [{ projectId: 12, weight: 1 }] },
  { why: 'empty approval pot', choices: [] },
  {
    why: 'too many approvals',
    choices: [3, 12, 13, 14].map((projectId) => ({ projectId, weight: 1 })),
  },
  { why: 'over budget', choices: [12, 20, 21].map((projectId) => ({ projectId, weight: 1 })) },
  {
    why: 'points',
    choices: [
      { projectId: 12, weight: 1 },
      { projectId: 30, weight: 6 },
      { projectId: 31, weight: 5 },
    ],
  },
  {
    why: 'rank gap',
    choices: [
      { projectId: 12, weight: 1 },
      { projectId: 40, weight: 1 },
      { projectId: 41, weight: 3 },
    ],
  },
  {
    why: 'rank repeated',
    choices: [
      { projectId: 12, weight: 1 },
      { projectId: 40, weight: 1 },
      { projectId: 41, weight: 1 },
    ],
  },
  {
    why: 'weight 0 and unknown project',
    choices: [
      { projectId: 12, weight: 0 },
      { projectId: 999, weight: 1 },
    ],
  },
  { why: 'approval weight 2', choices: [{ projectId: 12, weight: 2 }] },
]
write('rules', {
  campaign: { pots, projects },
  cases: ruleCases.map((c) => ({ ...c, violations: checkChoices(c.choices, { pots, projects }) })),
})

/* -------------------------------------------------------------------------------- rejections */

// Reason texts the replicas give (ledger-node pb app, admission) and their typed form.
write('rejections', {
  cases: [
    'invalid_signature',
    'invalid_credential',
    'unauthorized: not an admin key',
    'rule_violation: empty ballot',
    'rule_violation: sheet 2: pot 1: too_many (max 3, actual 4)',
    'malformed: ballot: choices must be sorted by projectId without repeats',
    'duplicate_voter',
    'duplicate_batch',
    'unknown_campaign',
    'campaign_exists',
    'voting_not_open',
    'voting_closed',
    'total_decreased: total 3 < 5',
    'not a base64 string',
    'mempool full: 10000 pending',
  ].map((reason) => ({ reason, rejection: rejectionOf(reason) })),
})

/* ------------------------------------------------------------------------ threshold encryption */

writeThresholdVectors(write)

console.log(`vectors written to ${VECTORS}`)
