/**
 * The checks of the golden vectors (test/vectors/*.json), shared by the package's node test
 * (`vectors.test.ts`) and the browser bundle (`browser_vectors.ts`, run in chromium by the app's
 * browser suite). They import the public subpaths, as the pages do, and use no `node:` module: each
 * vector entry is one named check, and a failure is recorded with its name instead of thrown.
 */
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
  uint64be,
  utf8,
} from '@civic-budget/protocol/bytes'
import { cborDecode, cborEncode, type CborValue } from '@civic-budget/protocol/cbor'
import { sha256Hex } from '@civic-budget/protocol/hash'
import { auditPath, leafHash, merkleRoot, verifyInclusion } from '@civic-budget/protocol/merkle'
import {
  blockHashOf,
  commitMessage,
  decodeHeader,
  encodeHeader,
  genesisBlockHash,
  verifyCommit,
} from '@civic-budget/protocol/block'
import {
  credentialMessage,
  signBlinded,
  unblind,
  verifyCredential,
  verifyPop,
  registrarPublicKey,
} from '@civic-budget/protocol/credential'
import {
  ballotHash,
  ballotTx,
  checkBallot,
  decodeBallot,
  decodeBallotTx,
  encodeBallot,
  signBallot,
  txHash,
} from '@civic-budget/protocol/ballot'
import {
  makeReceipt,
  makeTxReceipt,
  verifyReceipt,
  verifyTxReceipt,
} from '@civic-budget/protocol/receipt'
import { genesisFingerprint } from '@civic-budget/protocol/genesis_fingerprint'
import {
  decodeLedgerTx,
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
  encodeRecordTx,
  txKindOf,
} from '@civic-budget/protocol/tx'
import { checkChoices } from '@civic-budget/protocol/rules'
import { parseRejection, rejectionOf, rejectionText } from '@civic-budget/protocol/rejections'
import { ProtocolError } from '@civic-budget/protocol/errors'
import {
  ceremonyResult,
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  encodeComplaint,
  encodeDealing,
  encodeTrusteeKey,
  judgeComplaint,
  verifyTrusteeKey,
  type CeremonyParams,
} from '@civic-budget/protocol/dkg'
import {
  checkEncryptedChoices,
  decodeEncryptedBallot,
  paddedChoicesLength,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  decodeDecryptionShareBatch,
  decryptBallot,
  encodeDecryptionShareBatch,
  verifyDecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import { parsePoint } from '@civic-budget/protocol/ristretto'
import type { Decoded } from '@civic-budget/protocol/decoded'
import { verifyBallotSignature } from '@civic-budget/protocol/ballot'
import { thresholdScenario } from './threshold_scenario.js'

export const VECTOR_NAMES = [
  'bytes',
  'cbor',
  'merkle',
  'credential',
  'ballot',
  'block',
  'receipt',
  'tx',
  'rules',
  'rejections',
  'threshold',
] as const
export type VectorName = (typeof VECTOR_NAMES)[number]

/** The parsed JSON of every vector file (their shapes are the generator's, tools/generate_vectors.ts). */
export type VectorFiles = Record<VectorName, any>

export interface VectorReport {
  checked: number
  failures: { name: string; message: string }[]
}
export type VectorResults = Record<VectorName, VectorReport>

/** Runs every check; never throws. */
export function checkVectors(vectors: VectorFiles): VectorResults {
  const results = {} as VectorResults
  for (const name of VECTOR_NAMES) {
    const report: VectorReport = { checked: 0, failures: [] }
    const check: Check = (entry, run) => {
      report.checked++
      try {
        run()
      } catch (error) {
        report.failures.push({ name: entry, message: (error as Error).message })
      }
    }
    CHECKS[name](vectors[name], check, vectors)
    results[name] = report
  }
  return results
}

type Check = (entry: string, run: () => void) => void

type Vector = any

const CHECKS: Record<VectorName, (v: Vector, check: Check, all: VectorFiles) => void> = {
  bytes(v, check) {
    for (const h of v.hex.valid) {
      check(`hex ${h.hex}`, () => {
        deepEqual([...hexToBytes(h.hex)], h.bytes)
        equal(bytesToHex(new Uint8Array(h.bytes)), h.hex)
      })
    }
    for (const text of v.hex.invalid) {
      check(`invalid hex ${JSON.stringify(text)}`, () => {
        const error = throws(() => hexToBytes(text))
        ok(/hex/.test((error as Error).message), 'the error names hex')
      })
    }
    for (const b of v.base64.valid) {
      check(`base64 ${JSON.stringify(b.text)}`, () => {
        equal(bytesToHex(base64ToBytes(b.text)), b.hex)
        // The encoder always pads: only padded texts come back unchanged.
        if (b.text.length % 4 === 0) equal(bytesToBase64(hexToBytes(b.hex)), b.text)
      })
    }
    for (const text of v.base64.invalid) {
      check(`invalid base64 ${JSON.stringify(text)}`, () => throws(() => base64ToBytes(text)))
    }
    for (const u of v.uint64be) {
      check(`uint64be ${u.value}`, () => equal(bytesToHex(uint64be(u.value)), u.hex))
    }
    for (const s of v.sha256) {
      check(`sha256 ${JSON.stringify(s.text)}`, () => equal(sha256Hex(utf8(s.text)), s.hex))
    }
  },

  cbor(v, check) {
    for (const c of v.valid) {
      check(`canonical: ${c.note}`, () => {
        equal(bytesToHex(cborEncode(c.json)), c.hex)
        deepEqual(cborDecode(hexToBytes(c.hex)), c.json)
      })
    }
    for (const c of v.bytes) {
      check(`byte string ${c.hex}`, () => equal(bytesToHex(cborEncode(hexToBytes(c.hex))), c.cbor))
    }
    for (const c of v.invalid) {
      check(`refused: ${c.why}`, () => throws(() => cborDecode(hexToBytes(c.hex))))
    }
  },

  merkle(v, check) {
    const leaves: Uint8Array[] = v.leaves.map((h: string) => hexToBytes(h))
    check('leaf hash', () => equal(bytesToHex(leafHash(leaves[0])), v.leafHash0))
    v.roots.forEach((root: string, n: number) => {
      check(`root of ${n}`, () => equal(bytesToHex(merkleRoot(leaves.slice(0, n))), root))
    })
    for (const p of v.paths) {
      check(`audit path ${p.index} of ${p.treeSize}`, () => {
        const tree = leaves.slice(0, p.treeSize)
        deepEqual(auditPath(p.index, tree).map(bytesToHex), p.path)
        const path = p.path.map((h: string) => hexToBytes(h))
        const root = hexToBytes(v.roots[p.treeSize])
        ok(verifyInclusion(p.index, p.treeSize, leafHash(tree[p.index]), path, root))
        ok(!verifyInclusion(p.index, p.treeSize, leafHash(utf8('other')), path, root))
      })
    }
  },

  credential(v, check) {
    check('registrar key and PoP', () => {
      equal(registrarPublicKey(v.registrarSecretKey), v.registrarPublicKey)
      ok(verifyPop(v.registrarPublicKey, v.registrarPop))
    })
    for (const c of v.credentials) {
      check(`credential of campaign ${c.campaignId}, voter ${c.voterKey}`, () => {
        equal(bytesToHex(credentialMessage(c.campaignId, c.voterKey)), c.message)
        equal(signBlinded(v.registrarSecretKey, c.blinded), c.blindSignature)
        equal(unblind(c.blindSignature, BigInt(c.r)), c.credential)
        ok(verifyCredential(v.registrarPublicKey, c.campaignId, c.voterKey, c.credential))
        ok(!verifyCredential(v.registrarPublicKey, c.campaignId + 1, c.voterKey, c.credential))
      })
    }
  },

  ballot(v, check) {
    for (const b of v.ballots) {
      check(`ballot ${b.ballotHash}`, () => {
        const ballotBytes = encodeBallot(b.input)
        equal(bytesToHex(ballotBytes), b.ballotBytes)
        equal(ballotHash(ballotBytes), b.ballotHash)
        equal(bytesToHex(signBallot(b.voterSecretKey, ballotBytes)), b.signature)
        const txBytes = ballotTx(ballotBytes, b.signature)
        equal(bytesToHex(txBytes), b.txBytes)
        equal(txHash(txBytes), b.txHash)
        equal(bytesToHex(decodeBallotTx(txBytes).ballotBytes), b.ballotBytes)
        ok(checkBallot(ballotBytes, b.signature, v.registrarPublicKey, 7).ok)
      })
    }
    for (const m of v.malformed) {
      check(`malformed: ${m.why}`, () => {
        const error = throws(() => decodeBallot(hexToBytes(m.hex)))
        ok(error instanceof ProtocolError && error.code === m.code, `code ${m.code}`)
      })
    }
    for (const r of v.rejected) {
      check(`rejected: ${r.why}`, () => {
        const verdict = checkBallot(hexToBytes(r.ballotBytes), r.signature, v.registrarPublicKey, 7)
        equal(verdict.ok ? 'ok' : verdict.reason, r.reason)
      })
    }
  },

  block(v, check) {
    check('genesis fingerprint and block hash', () => {
      equal(genesisFingerprint(v.genesis), v.genesisFingerprint)
      equal(genesisBlockHash(v.genesis.chainId), v.genesisBlockHash)
    })
    check('header bytes, block hash and tx root', () => {
      const header = {
        ...v.header,
        parentHash: hexToBytes(v.header.parentHash),
        justifyQcHash: hexToBytes(v.header.justifyQcHash),
        txRoot: hexToBytes(v.header.txRoot),
        stateRoot: hexToBytes(v.header.stateRoot),
      }
      const headerBytes = encodeHeader(header)
      equal(bytesToHex(headerBytes), v.headerBytes)
      deepEqual(decodeHeader(headerBytes), { version: 1, ...header })
      equal(blockHashOf(headerBytes), v.blockHash)
      equal(bytesToHex(merkleRoot(v.txs.map((t: string) => hexToBytes(t)))), v.header.txRoot)
    })
    check('commit message and certificate', () => {
      equal(bytesToHex(commitMessage(v.blockHash)), v.commitMessage)
      deepEqual(verifyCommit(v.blockHash, v.commit, v.genesis), { ok: true })
    })
  },

  receipt(v, check, all) {
    const block = all.block
    const txs = block.txs.map((t: string) => hexToBytes(t))
    const headerBytes = hexToBytes(block.headerBytes)
    check('ballot receipt built from the block and verified', () => {
      deepEqual(makeReceipt({ txs, index: 2, headerBytes, commit: block.commit }), v.valid)
      deepEqual(makeTxReceipt({ txs, index: 2, headerBytes, commit: block.commit }), v.valid)
      deepEqual(verifyReceipt(v.valid, v.genesis), { ok: true, ...v.verified })
    })
    check('tx receipt built from the block and verified, not as a ballot', () => {
      deepEqual(makeTxReceipt({ txs, index: 1, headerBytes, commit: block.commit }), v.txReceipt)
      deepEqual(verifyTxReceipt(v.txReceipt, v.genesis), { ok: true, ...v.txVerified })
      equal(verifyReceipt(v.txReceipt, v.genesis).ok, false)
    })
    for (const bad of v.invalid) {
      check(`tampered: ${bad.why}`, () => {
        const verdict = verifyReceipt(bad.receipt, v.genesis)
        equal(verdict.ok ? 'ok' : verdict.reason, bad.reason)
      })
    }
  },

  tx(v, check) {
    const admin = hexToBytes(v.adminSecretKey)
    const operator = hexToBytes(v.operatorSecretKey)
    check('campaign', () => {
      const campaignBytes = encodeCampaign(v.campaign.definition)
      equal(bytesToHex(campaignBytes), v.campaign.campaignBytes)
      const campaignTx = encodeCampaignTx(campaignBytes, admin)
      equal(bytesToHex(campaignTx), v.campaign.txBytes)
      const decoded = decodeLedgerTx(campaignTx)
      ok(decoded.kind === 'campaign', 'kind campaign')
      if (decoded.kind === 'campaign') {
        equal(bytesToHex(encodeCampaign(decoded.campaign)), v.campaign.campaignBytes)
      }
    })
    for (const r of v.records) {
      check(`record ${r.kind}`, () => {
        const payload = cborDecode(hexToBytes(r.payloadBytes)) as CborValue
        const txBytes = encodeRecordTx(r.kind, payload, admin)
        equal(bytesToHex(txBytes), r.txBytes)
        equal(txKindOf(txBytes), r.kind)
        equal(decodeLedgerTx(txBytes).kind, r.kind)
      })
    }
    check('paper batch', () => {
      const batchBytes = encodePaperBatch(v.paperBatch.batch)
      equal(bytesToHex(batchBytes), v.paperBatch.batchBytes)
      const batchTx = encodePaperBatchTx(batchBytes, operator, admin)
      equal(bytesToHex(batchTx), v.paperBatch.txBytes)
      const decoded = decodeLedgerTx(batchTx)
      ok(decoded.kind === 'paper-batch', 'kind paper-batch')
      if (decoded.kind === 'paper-batch') {
        equal(bytesToHex(encodePaperBatch(decoded.batch)), v.paperBatch.batchBytes)
      }
    })
    for (const m of v.malformed) {
      check(`malformed: ${m.why}`, () => throws(() => decodeLedgerTx(hexToBytes(m.hex))))
    }
  },

  rules(v, check) {
    for (const c of v.cases) {
      check(c.why, () => deepEqual(checkChoices(c.choices, v.campaign), c.violations))
    }
  },

  rejections(v, check) {
    for (const c of v.cases) {
      check(c.reason, () => {
        deepEqual(rejectionOf(c.reason), c.rejection)
        equal(rejectionText(c.rejection), c.reason)
        deepEqual(parseRejection({ reason: c.reason, ...c.rejection }), c.rejection)
      })
    }
    check('an unknown code', () =>
      equal(parseRejection({ code: 'no_such_code', detail: '' }), null)
    )
  },

  threshold(v, check) {
    const value = <T>(decoded: Decoded<T>): T => {
      if (!decoded.ok) throw new Error(`${decoded.error.code}: ${decoded.error.message}`)
      return decoded.value
    }
    const trusteeKeys = v.trustees.map((t: Vector) => value(decodeTrusteeKey(hexToBytes(t.record))))
    const dealings = v.dealings.map((d: string) => value(decodeDealing(hexToBytes(d))))
    const complaint = value(decodeComplaint(hexToBytes(v.complaint.bytes)))
    const params: CeremonyParams = {
      campaignId: v.campaignId,
      threshold: v.threshold,
      trusteeKeys: trusteeKeys.map((k: Vector) => k.ceremonyKey),
    }
    const electionKey = parsePoint(hexToBytes(v.result.electionKey))
    const context = { campaignId: v.campaignId, electionKey, paddedLength: v.paddedLength }
    const ballots = v.ballots.map((b: Vector) => value(decodeEncryptedBallot(hexToBytes(b.bytes))))
    const batches = v.shareBatches.map((b: Vector) =>
      value(decodeDecryptionShareBatch(hexToBytes(b.bytes)))
    )
    // The same seeds give the same bytes: layouts, transcripts, KDFs and the use of randomness.
    check('scenario rebuilt from its seeds', () => {
      const s = thresholdScenario()
      deepEqual(
        s.trustees.map((t) => bytesToHex(encodeTrusteeKey(t.record))),
        v.trustees.map((t: Vector) => t.record)
      )
      deepEqual(
        s.dealings.map((d) => bytesToHex(encodeDealing(d))),
        v.dealings
      )
      equal(bytesToHex(encodeComplaint(s.complaint)), v.complaint.bytes)
      deepEqual(
        s.ballotBytes.map(bytesToHex),
        v.ballots.map((b: Vector) => b.bytes)
      )
      deepEqual(
        s.signatures.map(bytesToHex),
        v.ballots.map((b: Vector) => b.signature)
      )
      deepEqual(
        s.batches.map((b) => bytesToHex(encodeDecryptionShareBatch(b))),
        v.shareBatches.map((b: Vector) => b.bytes)
      )
    })
    check('trustee keys: proofs verify, records re-encode', () => {
      trusteeKeys.forEach((k: Vector, i: number) => {
        ok(verifyTrusteeKey(k), `trustee ${i + 1}`)
        equal(bytesToHex(encodeTrusteeKey(k)), v.trustees[i].record)
      })
    })
    check('complaint verdict', () =>
      equal(judgeComplaint(params, dealings[2], complaint), v.complaint.verdict)
    )
    check('ceremony result from the public records', () => {
      const result = ceremonyResult(params, dealings, [complaint])
      if (!result.ok) throw new Error(result.reason)
      deepEqual(result.qualified, v.result.qualified)
      deepEqual(result.excluded, v.result.excluded)
      deepEqual(result.absent, v.result.absent)
      equal(bytesToHex(result.electionKey.toBytes()), v.result.electionKey)
      deepEqual(
        result.publicShares.map((p) => bytesToHex(p.toBytes())),
        v.result.publicShares
      )
    })
    check('padded length', () => equal(paddedChoicesLength(v.projects, 1), v.paddedLength))
    v.ballots.forEach((b: Vector, k: number) => {
      check(`encrypted ballot ${k}: proof, signature, decryption`, () => {
        deepEqual(checkEncryptedChoices(ballots[k], context), { ok: true })
        ok(verifyBallotSignature(ballots[k].voterKey, hexToBytes(b.bytes), b.signature))
        const shares = batches.map((batch: Vector) => ({
          trustee: batch.trustee,
          share: batch.shares[k].share,
        }))
        deepEqual(decryptBallot(ballots[k], electionKey, shares, v.threshold), {
          ok: true,
          choices: b.choices,
        })
      })
    })
    v.shareBatches.forEach((b: Vector, k: number) => {
      check(`share batch of trustee ${b.trustee}`, () => {
        const publicShare = parsePoint(hexToBytes(v.result.publicShares[b.trustee - 1]))
        const ephemerals = ballots.map((ballot: Vector) => ballot.encrypted.ephemeral)
        deepEqual(verifyDecryptionShareBatch(batches[k], publicShare, ephemerals), { ok: true })
      })
    })
    const decoders: Record<string, (bytes: Uint8Array) => Decoded<unknown>> = {
      encryptedBallot: decodeEncryptedBallot,
      dealing: decodeDealing,
      complaint: decodeComplaint,
      trusteeKey: decodeTrusteeKey,
      decryptionShares: decodeDecryptionShareBatch,
    }
    for (const r of v.refused) {
      check(`refused ${r.decoder}: ${r.why}`, () => {
        const decoded = decoders[r.decoder](hexToBytes(r.hex))
        if (decoded.ok) throw new Error('accepted')
        equal(decoded.error.code, r.code)
      })
    }
  },
}

// Minimal assertions (node:assert is not in browsers); the message says what differed.

function show(value: unknown): string {
  return JSON.stringify(value, (_key, x) =>
    typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `bytes:${bytesToHex(x)}` : x
  )
}

function ok(value: unknown, what = 'expected a true value'): void {
  if (!value) throw new Error(what)
}

function equal(actual: unknown, expected: unknown): void {
  if (!Object.is(actual, expected)) throw new Error(`${show(actual)} !== ${show(expected)}`)
}

function deepEqual(actual: unknown, expected: unknown): void {
  if (!sameValue(actual, expected))
    throw new Error(`${show(actual)} differs from ${show(expected)}`)
}

/** Runs `run`, which must throw; returns what it threw. */
function throws(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, none was thrown')
}

/** Structural equality as `assert.deepStrictEqual` sees plain data: key order is irrelevant. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && bytesToHex(a) === bytesToHex(b)
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const aKeys = Object.keys(a)
  const bKeys = Object.keys(b)
  if (aKeys.length !== bKeys.length) return false
  const bRecord = b as Record<string, unknown>
  const aRecord = a as Record<string, unknown>
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && sameValue(aRecord[key], bRecord[key]))
}
