// The `pb` app: campaigns and ballots of Civic Budget (protocol.md), with tallies kept in state.
//
// Validation is deterministic and per tx (a bad tx fails alone):
//   checkTx   (stateless)  canonical encoding, Ed25519 signature (ballot: voter key; campaign: admin key
//                          listed in the app config/genesis `admins`)
//   deliverTx (stateful)   campaign: id not yet registered; the ceremony check (ceremony.ts): an
//                          encrypted campaign needs its trustees' ceremony to give its election key, a
//                          campaign in clear may not have trustees.
//                          ballot: campaign registered, block timestamp in [opensAt, closesAt) (closesAt
//                          the campaign tx's, or earlier: a voting-closed record's block time), credential
//                          verifies under the registrar key, choices satisfy every pot's rule, voterKey
//                          not used before in this campaign; then tallies are updated. A v1 ballot only
//                          in a campaign in clear, a v2 (encrypted) one only in an encrypted campaign,
//                          whose ciphertext length and proof are checked instead of the rules
//                          (encrypted.ts); it counts in `ballots` and in the encrypted-ballot count.
//                          records (support, attachment, credentials-issued, outcome, voting-closed;
//                          admin-signed): outcome needs a registered campaign; credentials-issued totals
//                          never decrease (campaign total, and every community already published);
//                          voting-closed needs a campaign whose window is open at the block time and
//                          ends it there (the admin closed voting by hand).
//                          threshold records (trustees, ceremony-restart, trustee-key, dkg-dealing,
//                          dkg-complaint before
//                          the campaign tx: ceremony.ts; decryption-shares after the close: encrypted.ts).
//                          paper-batch (operator + admin signatures): campaign registered, block time ≥
//                          opensAt, every sheet passes checkBallotRules, (campaign, station, batchNo)
//                          new; each sheet counts as one ballot (and one paper ballot) in the tally.
//
// State: overlays {parent, writes} over a committed base (like kv). Persisted app entries:
//   "c/<id>"               campaign bytes
//   "v/<id>/<voterHex>"    ballot hash (32 bytes)
//   "t/<id>"               tally CBOR [ballots, [[projectId, votes, points]…], [[potId, ballots]…],
//                          paperBallots]   (ballots includes paperBallots; 3-element form = 0 paper)
//   "i/<id>"               credentials issued CBOR [asOfMs, total, [[communityId, total]…]]
//   "p/<id>/<batchNo>/<stationHex>"  txHash (32 bytes) of the committed paper batch
//   "ct/…", "ck/…", "cd/…", "cc/…", "e/<id>", "s/…", "vc/<id>"   the threshold state and early
//                          closes (threshold_state.ts)
//   "meta/height"          CBOR height
// stateRoot = H("civic-budget/pb/state/v1" ‖ 0x00 ‖ parentStateRoot ‖ H(CBOR([result…]))), results:
//   ballot (v1 or v2) → CBOR ["ballot", campaignId, ballotHash(32)], campaign → CBOR ["campaign",
//   campaignId], record → CBOR [kind, campaignId, H(payloadBytes)], paper-batch → CBOR ["paper-batch",
//   campaignId, station, batchNo, sheets, H(batchBytes)].
//
// Caches (pure functions of their inputs, so they never change a verdict): Ed25519 results by txHash,
// credential results by (registrar key, txHash), ballot v2 proof results by (election key, padded
// length, txHash).
import { checkChoices, describeViolation } from '@civic-budget/protocol/rules'
import { parsePoint } from '@civic-budget/protocol/ristretto'
import type { Hash, StorageOp } from '../../consensus/types.js'
import type { App, BlockContext, BlockExecution, TxCheck, TxOutcome } from '../app.js'
import { CodecError, decodeCbor, encodeCbor, type CborValue } from '../../codec/cbor.js'
import { concatBytes, sha256, toHex } from '../../crypto/hash.js'
import { txHash } from '../../codec/tx.js'
import { bls, type SignatureSet } from '../../crypto/bls.js'
import {
  ballotSigningMessage,
  campaignSigningMessage,
  paperBatchApprovalMessage,
  paperBatchOperatorMessage,
  recordSigningMessage,
  credentialMessage,
  decodeCampaign,
  decodePbTx,
  ed25519Verify,
  type Campaign,
  type Choice,
  type PaperBatch,
  type PbTx,
  type RecordPayload,
} from './codec.js'
import {
  campaignCeremonyPrecheck,
  campaignCeremonyRefusal,
  ceremonyRefusal,
  storeCeremonyRecord,
} from './ceremony.js'
import {
  decryptionSharesRefusal,
  ProofVerdicts,
  storeDecryptionShares,
  type CampaignEncryptionContext,
  type EncryptedBallotItem,
} from './encrypted.js'
import {
  commitThresholdMaps,
  emptyThresholdMaps,
  encryptedCountOf,
  restoreThresholdEntry,
  votingClosesAtMs,
  type ThresholdMaps,
  type ThresholdView,
} from './threshold_state.js'

const STATE_TAG = concatBytes(
  new TextEncoder().encode('civic-budget/pb/state/v1'),
  new Uint8Array([0])
)
const CACHE_MAX = 200_000

export interface Tally {
  /** Every counted ballot: online ballots plus paper sheets. */
  ballots: number
  paperBallots: number
  projects: Map<number, { votes: number; points: number }>
  pots: Map<number, number>
}

/** The last published `credentials-issued` record of a campaign. */
export interface Issued {
  asOfMs: number
  total: number
  communities: Map<number, number>
}

export interface CampaignEntry {
  campaign: Campaign
  bytes: Uint8Array
  projectById: Map<number, { cost: number; potId: number }>
  /** An encrypted campaign's ballot context (election key parsed once); null in clear. */
  encryption: CampaignEncryptionContext | null
}

export interface PbState {
  parent: PbState | null
  height: number
  committed: boolean
  campaigns: Map<number, CampaignEntry>
  voters: Map<string, Uint8Array>
  tallies: Map<number, Tally>
  issued: Map<number, Issued>
  batches: Map<string, Uint8Array>
  /** Trustees, ceremony records, encrypted-ballot counts, decryption-share batches. */
  threshold: ThresholdMaps
}

function boundedSet<K, V>(m: Map<K, V>, k: K, v: V): void {
  if (m.size >= CACHE_MAX) m.clear()
  m.set(k, v)
}

function cloneTally(t: Tally): Tally {
  const projects = new Map<number, { votes: number; points: number }>()
  for (const [k, v] of t.projects) projects.set(k, { ...v })
  return { ballots: t.ballots, paperBallots: t.paperBallots, projects, pots: new Map(t.pots) }
}

function emptyTally(c: Campaign): Tally {
  const t: Tally = { ballots: 0, paperBallots: 0, projects: new Map(), pots: new Map() }
  for (const p of c.projects) t.projects.set(p.id, { votes: 0, points: 0 })
  for (const p of c.pots) t.pots.set(p.id, 0)
  return t
}

function tallyToCbor(t: Tally): CborValue {
  return [
    t.ballots,
    [...t.projects].sort((a, b) => a[0] - b[0]).map(([id, v]) => [id, v.votes, v.points]),
    [...t.pots].sort((a, b) => a[0] - b[0]).map(([id, n]) => [id, n]),
    t.paperBallots,
  ]
}

function tallyFromCbor(v: unknown): Tally {
  const a = v as [number, [number, number, number][], [number, number][], number?]
  return {
    ballots: a[0],
    paperBallots: a[3] ?? 0,
    projects: new Map(a[1].map(([id, votes, points]) => [id, { votes, points }])),
    pots: new Map(a[2].map(([id, n]) => [id, n])),
  }
}

function entryOf(campaign: Campaign, bytes: Uint8Array): CampaignEntry {
  const enc = campaign.encryption
  return {
    campaign,
    bytes,
    projectById: new Map(campaign.projects.map((p) => [p.id, { cost: p.cost, potId: p.potId }])),
    encryption: enc
      ? {
          context: {
            campaignId: campaign.id,
            electionKey: parsePoint(enc.electionKey, 'electionKey'), // validated by the decoder
            paddedLength: enc.paddedLength,
          },
          cacheKey: `${toHex(enc.electionKey)}/${enc.paddedLength}/`,
        }
      : null,
  }
}

function addToTally(t: Tally, e: CampaignEntry, choices: readonly Choice[]): void {
  t.ballots++
  const pots = new Set<number>()
  for (const ch of choices) {
    const pt = t.projects.get(ch.projectId)!
    pt.votes++
    pt.points += ch.weight
    pots.add(e.projectById.get(ch.projectId)!.potId)
  }
  for (const p of pots) t.pots.set(p, (t.pots.get(p) ?? 0) + 1)
}

function issuedToCbor(i: Issued): CborValue {
  return [i.asOfMs, i.total, [...i.communities].sort((a, b) => a[0] - b[0])]
}

function issuedFromCbor(v: unknown): Issued {
  const a = v as [number, number, [number, number][]]
  return { asOfMs: a[0], total: a[1], communities: new Map(a[2]) }
}

/** A published total may only grow: the campaign's, and every community already published. */
function issuedDecrease(
  prev: Issued | undefined,
  r: RecordPayload & { kind: 'credentials-issued' }
) {
  if (!prev) return null
  if (r.total < prev.total) return `total_decreased: total ${r.total} < ${prev.total}`
  const now = new Map(r.communities.map((c) => [c.communityId, c.total]))
  for (const [id, n] of prev.communities) {
    const m = now.get(id)
    if (m === undefined || m < n) return `total_decreased: community ${id} ${m ?? 'missing'} < ${n}`
  }
  return null
}

function batchKey(b: PaperBatch): string {
  return `${b.campaignId}/${b.batchNo}/${Buffer.from(b.station, 'utf8').toString('hex')}`
}

/**
 * Rule checks of one ballot (or paper sheet) against its campaign, with the protocol package's
 * `checkChoices` (the rules the voting page and the app check, one implementation); returns the first
 * violation as a reason, or null. An empty ballot is refused here: nobody casts one.
 */
export function checkBallotRules(
  entry: CampaignEntry,
  ballot: { readonly choices: readonly Choice[] }
): string | null {
  if (ballot.choices.length === 0) return 'rule_violation: empty ballot'
  const [first] = checkChoices(ballot.choices, entry.campaign)
  return first === undefined ? null : `rule_violation: ${describeViolation(first)}`
}

/** Refusal codes of a ceremony record that a pending tx may still lift (not final at admission). */
const PENDING_CEREMONY = ['no_trustees', 'ceremony_keys_incomplete', 'unknown_dealing']

const voterKeyOf = (b: { campaignId: number; voterKey: Uint8Array }) =>
  `${b.campaignId}/${toHex(b.voterKey)}`

/** A ballot of the wrong version for its campaign: v1 in an encrypted one, v2 in one in clear. */
function versionMismatch(e: CampaignEntry, d: PbTx & { kind: 'ballot' | 'encrypted-ballot' }) {
  if (d.kind === 'ballot') return e.encryption ? 'encrypted_campaign' : null
  return e.encryption ? null : 'not_encrypted_campaign'
}

export interface PbAppOptions {
  /** Ed25519 public keys (32 bytes) allowed to register campaigns, sign records, approve paper batches. */
  admins: Uint8Array[]
}

export class PbApp implements App<PbState> {
  readonly name = 'pb'
  private base: PbState = this.emptyBase(0)
  private readonly admins: Set<string>
  private readonly sigOk = new Map<string, boolean>()
  private readonly credOk = new Map<string, boolean>()
  private readonly decoded = new Map<string, PbTx>()
  /** Last failure reason by txHash (for the HTTP API's "rejected" status; not part of consensus). */
  readonly failures = new Map<string, string>()
  readonly stats = {
    credentialVerifies: 0,
    signatureVerifies: 0,
    /** Ballot v2 proofs of knowledge verified (alone or in a batch). */
    proofVerifies: 0,
    verifyMsTotal: 0,
  }
  private readonly proofs = new ProofVerdicts(this.stats)

  constructor(opts: PbAppOptions) {
    this.admins = new Set(opts.admins.map(toHex))
  }

  private emptyBase(height: number): PbState {
    return {
      parent: null,
      height,
      committed: true,
      campaigns: new Map(),
      voters: new Map(),
      tallies: new Map(),
      issued: new Map(),
      batches: new Map(),
      threshold: emptyThresholdMaps(),
    }
  }

  // ── reads through overlays ──

  private read<K, V>(state: PbState, pick: (s: PbState) => Map<K, V>, k: K): V | undefined {
    let s: PbState | null = state
    while (s !== null && !s.committed) {
      const v = pick(s).get(k)
      if (v !== undefined) return v
      s = s.parent
    }
    return pick(this.base).get(k)
  }

  campaign(state: PbState | null, id: number): CampaignEntry | undefined {
    return this.read(state ?? this.base, (s) => s.campaigns, id)
  }

  /** The threshold rules' view of a block's state (writes go to its overlay) or of the base. */
  private view(state: PbState | null): ThresholdView {
    const s = state ?? this.base
    return {
      campaign: (id) => this.campaign(s, id),
      get: (pick, k) => this.read(s, (x) => pick(x.threshold), k),
      put: (pick, k, v) => {
        if (s.committed) throw new Error('pb: write to a committed state')
        pick(s.threshold).set(k, v)
      },
    }
  }

  /** Committed tallies of a campaign (HTTP/API use). */
  committedTally(id: number): Tally | undefined {
    return this.base.tallies.get(id)
  }

  committedHeight(): number {
    return this.base.height
  }

  /** Committed credentials-issued totals of a campaign (HTTP/API use). */
  committedIssued(id: number): Issued | undefined {
    return this.base.issued.get(id)
  }

  /** Committed count of a campaign's encrypted ballots (ballot positions are 0..count − 1). */
  committedEncryptedCount(id: number): number {
    return encryptedCountOf(this.view(null), id)
  }

  private decode(tx: Uint8Array, hash: string): PbTx {
    const hit = this.decoded.get(hash)
    if (hit) return hit
    const d = decodePbTx(tx)
    boundedSet(this.decoded, hash, d)
    return d
  }

  checkTx(tx: Uint8Array): TxCheck {
    const hash = txHash(tx)
    let d: PbTx
    try {
      d = this.decode(tx, hash)
    } catch (e) {
      return this.fail(hash, `malformed: ${(e as Error).message}`)
    }
    const cached = this.sigOk.get(hash)
    let ok: boolean
    if (cached !== undefined) ok = cached
    else {
      const t0 = performance.now()
      ok = this.signaturesValid(d)
      this.stats.signatureVerifies++
      this.stats.verifyMsTotal += performance.now() - t0
      boundedSet(this.sigOk, hash, ok)
    }
    if (!ok) return this.fail(hash, 'invalid_signature')
    if (d.kind !== 'ballot' && d.kind !== 'encrypted-ballot' && !this.admins.has(toHex(d.adminKey)))
      return this.fail(hash, 'unauthorized: not an admin key')
    return { ok: true }
  }

  private signaturesValid(d: PbTx): boolean {
    switch (d.kind) {
      case 'ballot':
      case 'encrypted-ballot':
        return ed25519Verify(d.ballot.voterKey, ballotSigningMessage(d.ballotBytes), d.signature)
      case 'campaign':
        return ed25519Verify(d.adminKey, campaignSigningMessage(d.campaignBytes), d.signature)
      case 'record':
        return ed25519Verify(
          d.adminKey,
          recordSigningMessage(d.record.kind, d.payloadBytes),
          d.signature
        )
      case 'paper-batch':
        return (
          ed25519Verify(
            d.operatorKey,
            paperBatchOperatorMessage(d.batchBytes),
            d.operatorSignature
          ) &&
          ed25519Verify(
            d.adminKey,
            paperBatchApprovalMessage(d.batchBytes, d.operatorKey),
            d.adminSignature
          )
        )
    }
  }

  private fail(hash: string, reason: string): { ok: false; reason: string } {
    boundedSet(this.failures, hash, reason)
    return { ok: false, reason }
  }

  /**
   * Verifies the credentials of many ballot txs at once (randomized batch verification), and the
   * encryption proofs of the encrypted ones (batched per campaign), and caches the verdicts, so later
   * deliverTx calls cost nothing. Called by the node before admission and before a proposal reaches
   * the core. Never changes a verdict, only when it is computed.
   */
  prevalidate(txs: readonly Uint8Array[], state: PbState | null = null): void {
    const sets: (SignatureSet & { key: string })[] = []
    const encrypted: EncryptedBallotItem[] = []
    for (const tx of txs) {
      const hash = txHash(tx)
      let d: PbTx
      try {
        d = this.decode(tx, hash)
      } catch {
        continue
      }
      if (d.kind !== 'ballot' && d.kind !== 'encrypted-ballot') continue
      const e = this.campaign(state, d.ballot.campaignId)
      if (!e) continue
      if (d.kind === 'encrypted-ballot') encrypted.push({ entry: e, ballot: d.ballot, hash })
      const key = toHex(e.campaign.registrarPublicKey) + hash
      if (this.credOk.has(key)) continue
      sets.push({
        key,
        pk: e.campaign.registrarPublicKey,
        msg: credentialMessage(d.ballot.campaignId, d.ballot.voterKey),
        sig: d.ballot.credential,
      })
    }
    if (sets.length === 0 && encrypted.length === 0) return
    const t0 = performance.now()
    const CHUNK = 128
    for (let i = 0; i < sets.length; i += CHUNK) {
      const part = sets.slice(i, i + CHUNK)
      if (bls.verifyBatch(part)) for (const s of part) boundedSet(this.credOk, s.key, true)
      else for (const s of part) boundedSet(this.credOk, s.key, bls.verify(s.pk, s.msg, s.sig))
    }
    this.proofs.prevalidate(encrypted)
    this.stats.credentialVerifies += sets.length
    this.stats.verifyMsTotal += performance.now() - t0
  }

  /** Non-consensus admission pre-check against the committed state (gives early, precise answers). */
  precheck(tx: Uint8Array, nowMs: number): string | null {
    const hash = txHash(tx)
    let d: PbTx
    try {
      d = this.decode(tx, hash)
    } catch {
      return null // checkTx reports it
    }
    if (d.kind === 'campaign') {
      if (this.base.campaigns.has(d.campaign.id)) return 'campaign_exists'
      return campaignCeremonyPrecheck(this.view(null), d.campaign)
    }
    if (d.kind === 'record') return this.recordPrecheck(d.record, nowMs)
    if (d.kind === 'paper-batch') {
      const e = this.base.campaigns.get(d.batch.campaignId)
      if (!e) return null
      const prev = this.base.batches.get(batchKey(d.batch))
      if (prev !== undefined && toHex(prev) !== hash) return 'duplicate_batch'
      return this.sheetsViolation(e, d.batch)
    }
    const e = this.base.campaigns.get(d.ballot.campaignId)
    if (!e) return null // may be registered by a pending tx
    const mixed = versionMismatch(e, d)
    if (mixed !== null) return mixed
    if (nowMs >= votingClosesAtMs(this.view(null), e)) return 'voting_closed'
    const v = this.base.voters.get(`${d.ballot.campaignId}/${toHex(d.ballot.voterKey)}`)
    if (v !== undefined && toHex(v) !== toHex(sha256(d.ballotBytes))) return 'duplicate_voter'
    if (!this.credentialValid(e, d.ballot, hash)) return 'invalid_credential'
    return d.kind === 'ballot'
      ? checkBallotRules(e, d.ballot)
      : this.proofs.refusal(e, d.ballot, hash)
  }

  /** The admission answers for records: only refusals that no pending tx can lift. */
  private recordPrecheck(r: RecordPayload, nowMs: number): string | null {
    switch (r.kind) {
      case 'credentials-issued':
        return issuedDecrease(this.base.issued.get(r.campaignId), r)
      case 'trustees':
      case 'ceremony-restart':
      case 'trustee-key':
      case 'dkg-dealing':
      case 'dkg-complaint': {
        const refusal = ceremonyRefusal(this.view(null), r)
        // the trustees record, the keys or the dealing may be pending
        return refusal === null || PENDING_CEREMONY.some((p) => refusal.startsWith(p))
          ? null
          : refusal
      }
      case 'decryption-shares':
        return decryptionSharesRefusal(this.view(null), r.batch, nowMs, true)
      case 'voting-closed': {
        const e = this.base.campaigns.get(r.campaignId)
        return e && nowMs >= votingClosesAtMs(this.view(null), e) ? 'voting_closed' : null
      }
      default:
        return null // outcome: the campaign may be registered by a pending tx
    }
  }

  private credentialValid(
    e: CampaignEntry,
    ballot: { campaignId: number; voterKey: Uint8Array; credential: Uint8Array },
    hash: string
  ): boolean {
    const key = toHex(e.campaign.registrarPublicKey) + hash
    const hit = this.credOk.get(key)
    if (hit !== undefined) return hit
    const t0 = performance.now()
    const ok = bls.verify(
      e.campaign.registrarPublicKey,
      credentialMessage(ballot.campaignId, ballot.voterKey),
      ballot.credential
    )
    this.stats.credentialVerifies++
    this.stats.verifyMsTotal += performance.now() - t0
    boundedSet(this.credOk, key, ok)
    return ok
  }

  /** The first sheet that breaks the ballot rules, as a reason naming the sheet; null when all pass. */
  private sheetsViolation(e: CampaignEntry, batch: PaperBatch): string | null {
    for (const sheet of batch.sheets) {
      const bad = checkBallotRules(e, sheet)
      if (bad !== null)
        return bad.replace(/^rule_violation: /, `rule_violation: sheet ${sheet.sheetNo}: `)
    }
    return null
  }

  genesisState(): PbState {
    this.base = this.emptyBase(0)
    return this.base
  }

  beginBlock(
    parentState: PbState,
    parentStateRoot: Hash,
    ctx: BlockContext
  ): BlockExecution<PbState> {
    if (ctx.height !== parentState.height + 1)
      throw new Error('pb: block height is not parent height + 1')
    const state: PbState = {
      parent: parentState,
      height: ctx.height,
      committed: false,
      campaigns: new Map(),
      voters: new Map(),
      tallies: new Map(),
      issued: new Map(),
      batches: new Map(),
      threshold: emptyThresholdMaps(),
    }
    const view = this.view(state)
    const results: Uint8Array[] = []
    const tallyOf = (e: CampaignEntry): Tally => {
      const id = e.campaign.id
      let t = state.tallies.get(id)
      if (!t) {
        const prev = this.read(state, (s) => s.tallies, id)
        t = prev ? cloneTally(prev) : emptyTally(e.campaign)
        state.tallies.set(id, t)
      }
      return t
    }
    const accept = (result: Uint8Array): TxOutcome => {
      results.push(result)
      return { ok: true, result }
    }
    /** The checks a ballot of either version shares: campaign, version, window, voter, credential. */
    const ballotRefusal = (d: PbTx & { kind: 'ballot' | 'encrypted-ballot' }, hash: string) => {
      const b = d.ballot
      const e = this.campaign(state, b.campaignId)
      if (!e) return 'unknown_campaign'
      const mixed = versionMismatch(e, d)
      if (mixed !== null) return mixed
      if (ctx.timestampMs < e.campaign.votingOpensAtMs) return 'voting_not_open'
      if (ctx.timestampMs >= votingClosesAtMs(view, e)) return 'voting_closed'
      if (this.read(state, (s) => s.voters, voterKeyOf(b)) !== undefined) return 'duplicate_voter'
      if (!this.credentialValid(e, b, hash)) return 'invalid_credential'
      return d.kind === 'ballot'
        ? checkBallotRules(e, d.ballot)
        : this.proofs.refusal(e, d.ballot, hash)
    }
    let finished = false
    const deliverTx = (tx: Uint8Array): TxOutcome => {
      if (finished) throw new Error('pb: deliverTx after finish')
      const hash = txHash(tx)
      const chk = this.checkTx(tx)
      if (!chk.ok) return chk
      const d = this.decode(tx, hash)
      if (d.kind === 'campaign') {
        if (this.campaign(state, d.campaign.id)) return this.fail(hash, 'campaign_exists')
        const bad = campaignCeremonyRefusal(view, d.campaign)
        if (bad !== null) return this.fail(hash, bad)
        const e = entryOf(d.campaign, d.campaignBytes)
        state.campaigns.set(d.campaign.id, e)
        state.tallies.set(d.campaign.id, emptyTally(d.campaign))
        return accept(encodeCbor(['campaign', d.campaign.id]))
      }
      if (d.kind === 'record') {
        const bad = this.deliverRecord(state, view, d, ctx.timestampMs)
        if (bad !== null) return this.fail(hash, bad)
        return accept(encodeCbor([d.record.kind, d.record.campaignId, sha256(d.payloadBytes)]))
      }
      if (d.kind === 'paper-batch') {
        const pb = d.batch
        const e = this.campaign(state, pb.campaignId)
        if (!e) return this.fail(hash, 'unknown_campaign')
        if (ctx.timestampMs < e.campaign.votingOpensAtMs) return this.fail(hash, 'voting_not_open')
        const key = batchKey(pb)
        if (this.read(state, (s) => s.batches, key) !== undefined)
          return this.fail(hash, 'duplicate_batch')
        const bad = this.sheetsViolation(e, pb)
        if (bad !== null) return this.fail(hash, bad)
        state.batches.set(key, sha256(tx))
        const t = tallyOf(e)
        for (const sheet of pb.sheets) addToTally(t, e, sheet.choices)
        t.paperBallots += pb.sheets.length
        return accept(
          encodeCbor([
            'paper-batch',
            pb.campaignId,
            pb.station,
            pb.batchNo,
            pb.sheets.length,
            sha256(d.batchBytes),
          ])
        )
      }
      const bad = ballotRefusal(d, hash)
      if (bad !== null) return this.fail(hash, bad)
      const b = d.ballot
      const e = this.campaign(state, b.campaignId)!
      const ballotHash = sha256(d.ballotBytes)
      state.voters.set(voterKeyOf(b), ballotHash)
      if (d.kind === 'ballot') addToTally(tallyOf(e), e, d.ballot.choices)
      else {
        // choices are secret until the trustees act: only the count moves; the ballot's position
        // in the campaign's encrypted ballots (what decryption shares refer to) is the count before it
        tallyOf(e).ballots++
        view.put((m) => m.encrypted, b.campaignId, encryptedCountOf(view, b.campaignId) + 1)
      }
      return accept(encodeCbor(['ballot', b.campaignId, ballotHash]))
    }
    return {
      deliverTx,
      finish: () => {
        if (finished) throw new Error('pb: finish twice')
        finished = true
        const stateRoot = sha256(STATE_TAG, parentStateRoot, sha256(encodeCbor(results)))
        return { state, stateRoot, results }
      },
    }
  }

  /** The stateful rules of a record tx; on success its effect is in the block's overlay. */
  private deliverRecord(
    state: PbState,
    view: ThresholdView,
    d: PbTx & { kind: 'record' },
    timestampMs: number
  ): string | null {
    const r = d.record
    switch (r.kind) {
      case 'outcome':
        return this.campaign(state, r.campaignId) ? null : 'unknown_campaign'
      case 'credentials-issued': {
        const bad = issuedDecrease(
          this.read(state, (s) => s.issued, r.campaignId),
          r
        )
        if (bad !== null) return bad
        state.issued.set(r.campaignId, {
          asOfMs: r.asOfMs,
          total: r.total,
          communities: new Map(r.communities.map((c) => [c.communityId, c.total])),
        })
        return null
      }
      case 'trustees':
      case 'ceremony-restart':
      case 'trustee-key':
      case 'dkg-dealing':
      case 'dkg-complaint': {
        const bad = ceremonyRefusal(view, r)
        if (bad === null) storeCeremonyRecord(view, r, d.payloadBytes)
        return bad
      }
      case 'decryption-shares': {
        const bad = decryptionSharesRefusal(view, r.batch, timestampMs)
        if (bad === null) storeDecryptionShares(view, r.batch, sha256(d.payloadBytes))
        return bad
      }
      case 'voting-closed': {
        const e = this.campaign(state, r.campaignId)
        if (!e) return 'unknown_campaign'
        if (timestampMs < e.campaign.votingOpensAtMs) return 'voting_not_open'
        if (timestampMs >= votingClosesAtMs(view, e)) return 'voting_closed'
        view.put((m) => m.closed, r.campaignId, timestampMs)
        return null
      }
      default:
        return null // support, attachment: no state
    }
  }

  commit(state: PbState): StorageOp[] {
    if (state.committed) throw new Error('pb: commit of an already committed state')
    if (state.height !== this.base.height + 1)
      throw new Error(`pb: commit height ${state.height} does not follow ${this.base.height}`)
    const enc = new TextEncoder()
    const ops: StorageOp[] = []
    for (const [id, e] of state.campaigns) {
      this.base.campaigns.set(id, e)
      ops.push({ kind: 'putApp', key: enc.encode(`c/${id}`), value: e.bytes })
    }
    for (const [k, v] of state.voters) {
      this.base.voters.set(k, v)
      ops.push({ kind: 'putApp', key: enc.encode(`v/${k}`), value: v })
    }
    for (const [id, t] of state.tallies) {
      this.base.tallies.set(id, t)
      ops.push({ kind: 'putApp', key: enc.encode(`t/${id}`), value: encodeCbor(tallyToCbor(t)) })
    }
    for (const [id, i] of state.issued) {
      this.base.issued.set(id, i)
      ops.push({ kind: 'putApp', key: enc.encode(`i/${id}`), value: encodeCbor(issuedToCbor(i)) })
    }
    for (const [k, v] of state.batches) {
      this.base.batches.set(k, v)
      ops.push({ kind: 'putApp', key: enc.encode(`p/${k}`), value: v })
    }
    ops.push(...commitThresholdMaps(this.base.threshold, state.threshold))
    ops.push({ kind: 'putApp', key: enc.encode('meta/height'), value: encodeCbor(state.height) })
    this.base.height = state.height
    state.committed = true
    state.parent = null
    // The committed state object now stands for the base: make reads through it hit the base maps.
    state.campaigns = this.base.campaigns
    state.voters = this.base.voters
    state.tallies = this.base.tallies
    state.issued = this.base.issued
    state.batches = this.base.batches
    state.threshold = this.base.threshold
    return ops
  }

  restore(entries: Iterable<readonly [Uint8Array, Uint8Array]>): PbState {
    const base = this.emptyBase(0)
    const dec = new TextDecoder()
    for (const [k, v] of entries) {
      const ks = dec.decode(k)
      if (ks === 'meta/height') base.height = decodeCbor(v) as number
      else if (ks.startsWith('c/')) {
        const c = decodeCampaign(v)
        base.campaigns.set(c.id, entryOf(c, v))
      } else if (ks.startsWith('v/')) base.voters.set(ks.slice(2), v)
      else if (ks.startsWith('t/'))
        base.tallies.set(Number(ks.slice(2)), tallyFromCbor(decodeCbor(v)))
      else if (ks.startsWith('i/'))
        base.issued.set(Number(ks.slice(2)), issuedFromCbor(decodeCbor(v)))
      else if (ks.startsWith('p/')) base.batches.set(ks.slice(2), v)
      else if (!restoreThresholdEntry(base.threshold, ks, v))
        throw new CodecError(`pb: unknown app entry ${ks}`)
    }
    this.base = base
    return base
  }
}
