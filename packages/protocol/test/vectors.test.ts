/**
 * The package against its golden vectors (test/vectors/*.json): every byte string, hash, signature,
 * receipt verdict and refusal the vectors pin must come out of the code unchanged.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
  uint64be,
  utf8,
} from '../src/bytes.js'
import { cborDecode, cborEncode, type CborValue } from '../src/cbor.js'
import { sha256Hex } from '../src/hash.js'
import { auditPath, leafHash, merkleRoot, verifyInclusion } from '../src/merkle.js'
import {
  blockHashOf,
  commitMessage,
  decodeHeader,
  encodeHeader,
  genesisBlockHash,
  verifyCommit,
} from '../src/block.js'
import {
  credentialMessage,
  signBlinded,
  unblind,
  verifyCredential,
  verifyPop,
  registrarPublicKey,
} from '../src/credential.js'
import {
  ballotHash,
  ballotTx,
  checkBallot,
  decodeBallot,
  decodeBallotTx,
  encodeBallot,
  signBallot,
  txHash,
} from '../src/ballot.js'
import { makeReceipt, makeTxReceipt, verifyReceipt, verifyTxReceipt } from '../src/receipt.js'
import { genesisFingerprint } from '../src/genesis_fingerprint.js'
import {
  decodeLedgerTx,
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
  encodeRecordTx,
  txKindOf,
} from '../src/tx.js'
import { checkChoices } from '../src/rules.js'
import { parseRejection, rejectionOf, rejectionText } from '../src/rejections.js'
import type { ProtocolError } from '../src/errors.js'

const vectors = (name: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../test/vectors/${name}.json`, import.meta.url)), 'utf8')
  )

const bytes = vectors('bytes')
const cbor = vectors('cbor')
const merkle = vectors('merkle')
const credential = vectors('credential')
const ballot = vectors('ballot')
const block = vectors('block')
const receipt = vectors('receipt')
const tx = vectors('tx')
const rules = vectors('rules')
const rejections = vectors('rejections')

test('hex: lowercase only, both ways', () => {
  for (const v of bytes.hex.valid) {
    assert.deepEqual([...hexToBytes(v.hex)], v.bytes)
    assert.equal(bytesToHex(new Uint8Array(v.bytes)), v.hex)
  }
  for (const text of bytes.hex.invalid) assert.throws(() => hexToBytes(text), /hex/, text)
})

test('base64: canonical RFC 4648 §4, padding optional', () => {
  for (const v of bytes.base64.valid) assert.equal(bytesToHex(base64ToBytes(v.text)), v.hex)
  for (const v of bytes.base64.valid.filter((x: { text: string }) => x.text.length % 4 === 0)) {
    assert.equal(bytesToBase64(hexToBytes(v.hex)), v.text)
  }
  for (const text of bytes.base64.invalid) assert.throws(() => base64ToBytes(text), Error, text)
})

test('uint64be and SHA-256', () => {
  for (const v of bytes.uint64be) assert.equal(bytesToHex(uint64be(v.value)), v.hex)
  for (const v of bytes.sha256) assert.equal(sha256Hex(utf8(v.text)), v.hex)
})

test('CBOR: canonical encodings round-trip, anything else is refused', () => {
  for (const v of cbor.valid) {
    assert.equal(bytesToHex(cborEncode(v.json)), v.hex, v.note)
    assert.deepEqual(cborDecode(hexToBytes(v.hex)), v.json, v.note)
  }
  for (const v of cbor.bytes) {
    assert.equal(bytesToHex(cborEncode(hexToBytes(v.hex))), v.cbor)
  }
  for (const v of cbor.invalid) assert.throws(() => cborDecode(hexToBytes(v.hex)), Error, v.why)
})

test('Merkle: RFC 9162 roots and audit paths', () => {
  const leaves = merkle.leaves.map((h: string) => hexToBytes(h))
  assert.equal(bytesToHex(leafHash(leaves[0])), merkle.leafHash0)
  merkle.roots.forEach((root: string, n: number) => {
    assert.equal(bytesToHex(merkleRoot(leaves.slice(0, n))), root, `root of ${n}`)
  })
  for (const p of merkle.paths) {
    const tree = leaves.slice(0, p.treeSize)
    assert.deepEqual(auditPath(p.index, tree).map(bytesToHex), p.path)
    const path = p.path.map((h: string) => hexToBytes(h))
    const root = hexToBytes(merkle.roots[p.treeSize])
    assert.ok(verifyInclusion(p.index, p.treeSize, leafHash(tree[p.index]), path, root))
    assert.ok(!verifyInclusion(p.index, p.treeSize, leafHash(utf8('other')), path, root))
  }
})

test('credential: message, blind signature, unblinding, verification, PoP', () => {
  assert.equal(registrarPublicKey(credential.registrarSecretKey), credential.registrarPublicKey)
  assert.ok(verifyPop(credential.registrarPublicKey, credential.registrarPop))
  for (const c of credential.credentials) {
    assert.equal(bytesToHex(credentialMessage(c.campaignId, c.voterKey)), c.message)
    assert.equal(signBlinded(credential.registrarSecretKey, c.blinded), c.blindSignature)
    assert.equal(unblind(c.blindSignature, BigInt(c.r)), c.credential)
    assert.ok(
      verifyCredential(credential.registrarPublicKey, c.campaignId, c.voterKey, c.credential)
    )
    assert.ok(
      !verifyCredential(credential.registrarPublicKey, c.campaignId + 1, c.voterKey, c.credential)
    )
  }
})

test('ballot: bytes, hashes, signatures, tx; malformed and rejected ballots', () => {
  for (const b of ballot.ballots) {
    const ballotBytes = encodeBallot(b.input)
    assert.equal(bytesToHex(ballotBytes), b.ballotBytes)
    assert.equal(ballotHash(ballotBytes), b.ballotHash)
    assert.equal(bytesToHex(signBallot(b.voterSecretKey, ballotBytes)), b.signature)
    const txBytes = ballotTx(ballotBytes, b.signature)
    assert.equal(bytesToHex(txBytes), b.txBytes)
    assert.equal(txHash(txBytes), b.txHash)
    assert.equal(bytesToHex(decodeBallotTx(txBytes).ballotBytes), b.ballotBytes)
    const check = checkBallot(ballotBytes, b.signature, ballot.registrarPublicKey, 7)
    assert.ok(check.ok)
  }
  for (const m of ballot.malformed) {
    assert.throws(
      () => decodeBallot(hexToBytes(m.hex)),
      (error: ProtocolError) => error.code === m.code,
      m.why
    )
  }
  for (const r of ballot.rejected) {
    const check = checkBallot(hexToBytes(r.ballotBytes), r.signature, ballot.registrarPublicKey, 7)
    assert.equal(check.ok ? 'ok' : check.reason, r.reason, r.why)
  }
})

test('block: genesis, header bytes, block hash, commit message and certificate', () => {
  assert.equal(genesisFingerprint(block.genesis), block.genesisFingerprint)
  assert.equal(genesisBlockHash(block.genesis.chainId), block.genesisBlockHash)
  const header = {
    ...block.header,
    parentHash: hexToBytes(block.header.parentHash),
    justifyQcHash: hexToBytes(block.header.justifyQcHash),
    txRoot: hexToBytes(block.header.txRoot),
    stateRoot: hexToBytes(block.header.stateRoot),
  }
  const headerBytes = encodeHeader(header)
  assert.equal(bytesToHex(headerBytes), block.headerBytes)
  assert.deepEqual(decodeHeader(headerBytes), { version: 1, ...header })
  assert.equal(blockHashOf(headerBytes), block.blockHash)
  assert.equal(bytesToHex(commitMessage(block.blockHash)), block.commitMessage)
  assert.equal(
    bytesToHex(merkleRoot(block.txs.map((t: string) => hexToBytes(t)))),
    block.header.txRoot
  )
  assert.deepEqual(verifyCommit(block.blockHash, block.commit, block.genesis), { ok: true })
})

test('receipt: built from the block, verified, and every tampering refused', () => {
  const built = makeReceipt({
    txs: block.txs.map((t: string) => hexToBytes(t)),
    index: 2,
    headerBytes: hexToBytes(block.headerBytes),
    commit: block.commit,
  })
  assert.deepEqual(built, receipt.valid)
  assert.deepEqual(verifyReceipt(receipt.valid, receipt.genesis), { ok: true, ...receipt.verified })
  const txs = block.txs.map((t: string) => hexToBytes(t))
  const headerBytes = hexToBytes(block.headerBytes)
  assert.deepEqual(
    makeTxReceipt({ txs, index: 1, headerBytes, commit: block.commit }),
    receipt.txReceipt
  )
  assert.deepEqual(
    makeTxReceipt({ txs, index: 2, headerBytes, commit: block.commit }),
    receipt.valid
  )
  assert.deepEqual(verifyTxReceipt(receipt.txReceipt, receipt.genesis), {
    ok: true,
    ...receipt.txVerified,
  })
  assert.equal(verifyReceipt(receipt.txReceipt, receipt.genesis).ok, false)
  for (const bad of receipt.invalid) {
    const verdict = verifyReceipt(bad.receipt, receipt.genesis)
    assert.equal(verdict.ok ? 'ok' : verdict.reason, bad.reason, bad.why)
  }
})

test('tx kinds: campaign, platform records, paper batch — bytes and decoding', () => {
  const admin = hexToBytes(tx.adminSecretKey)
  const operator = hexToBytes(tx.operatorSecretKey)
  const campaignBytes = encodeCampaign(tx.campaign.definition)
  assert.equal(bytesToHex(campaignBytes), tx.campaign.campaignBytes)
  const campaignTx = encodeCampaignTx(campaignBytes, admin)
  assert.equal(bytesToHex(campaignTx), tx.campaign.txBytes)
  const decodedCampaign = decodeLedgerTx(campaignTx)
  assert.ok(decodedCampaign.kind === 'campaign')
  assert.equal(bytesToHex(encodeCampaign(decodedCampaign.campaign)), tx.campaign.campaignBytes)

  for (const r of tx.records) {
    const payload = cborDecode(hexToBytes(r.payloadBytes)) as CborValue
    const txBytes = encodeRecordTx(r.kind, payload, admin)
    assert.equal(bytesToHex(txBytes), r.txBytes, r.kind)
    assert.equal(txKindOf(txBytes), r.kind)
    assert.equal(decodeLedgerTx(txBytes).kind, r.kind)
  }

  const batchBytes = encodePaperBatch(tx.paperBatch.batch)
  assert.equal(bytesToHex(batchBytes), tx.paperBatch.batchBytes)
  const batchTx = encodePaperBatchTx(batchBytes, operator, admin)
  assert.equal(bytesToHex(batchTx), tx.paperBatch.txBytes)
  const decodedBatch = decodeLedgerTx(batchTx)
  assert.ok(decodedBatch.kind === 'paper-batch')
  assert.equal(bytesToHex(encodePaperBatch(decodedBatch.batch)), tx.paperBatch.batchBytes)

  for (const m of tx.malformed) assert.throws(() => decodeLedgerTx(hexToBytes(m.hex)), Error, m.why)
})

test('ballot rules: the violations of each case', () => {
  for (const c of rules.cases)
    assert.deepEqual(checkChoices(c.choices, rules.campaign), c.violations, c.why)
})

test("rejections: the replicas' reason texts and their typed form", () => {
  for (const c of rejections.cases) {
    assert.deepEqual(rejectionOf(c.reason), c.rejection, c.reason)
    assert.equal(rejectionText(c.rejection), c.reason)
    assert.deepEqual(parseRejection({ reason: c.reason, ...c.rejection }), c.rejection)
  }
  assert.equal(parseRejection({ code: 'no_such_code', detail: '' }), null)
})

test('the isomorphic sources import nothing from node:', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url))
  for (const name of [
    'bytes',
    'cbor',
    'hash',
    'bls',
    'credential',
    'ballot',
    'merkle',
    'block',
    'receipt',
    'rules',
    'tx',
    'tx_decode',
    'limits',
    'tags',
    'errors',
    'genesis_fingerprint',
    'rejections',
    'pb',
    'index',
  ]) {
    const text = readFileSync(`${src}${name}.ts`, 'utf8')
    assert.doesNotMatch(text, /from '(node:|fs|crypto|path)/, name)
    assert.doesNotMatch(text, /\bBuffer\./, name)
  }
})
