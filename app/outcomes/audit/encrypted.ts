import type { Campaign } from '@civic-budget/ledger-node/pb'
import type { DecryptionShareBatch } from '@civic-budget/protocol/decryption'
import type { EncryptedBallot } from '@civic-budget/protocol/encrypted_ballot'
import type { Complaint, Dealing, TrusteeKeyRecord } from '@civic-budget/protocol/dkg'
import {
  describeBatchVerdict,
  thresholdTally,
  type ProjectTally,
} from '@civic-budget/protocol/threshold_tally'
import type { Rng } from '@civic-budget/protocol/ristretto'
import type { ExecutedTx } from './execute_chain.js'
import type { CampaignReplay, CountedBallot } from './replay.js'

/*
 * The encrypted part of `ledger:audit` (issue #14): from the records the replicas accepted alone —
 * the `trustees` record (or the last `ceremony-restart`), the keys, dealings and complaints after it,
 * the encrypted ballots in chain order and every decryption share batch — `threshold_tally.ts`
 * recomputes the ceremony and compares
 * its election key with the campaign tx, checks every ballot proof and every share batch, recombines,
 * decrypts and re-checks the ballot rules. The decrypted ballots then go through the same outcome
 * recomputation and comparisons as a clear campaign's (audit.ts). A failing step is named.
 */

export interface EncryptedRecords {
  trustees: { threshold: number; trustees: number } | null
  trusteeKeys: TrusteeKeyRecord[]
  dealings: Dealing[]
  complaints: Complaint[]
  ballots: EncryptedBallot[]
  batches: DecryptionShareBatch[]
}

/** The accepted threshold records and encrypted ballots of one campaign, in chain order. */
export function encryptedRecordsOf(
  txs: readonly ExecutedTx[],
  campaignId: number
): EncryptedRecords {
  const records: EncryptedRecords = {
    trustees: null,
    trusteeKeys: [],
    dealings: [],
    complaints: [],
    ballots: [],
    batches: [],
  }
  for (const { tx, refused } of txs) {
    if (!tx || refused) continue
    if (tx.kind === 'encrypted-ballot') {
      if (tx.ballot.campaignId === campaignId) records.ballots.push(tx.ballot)
      continue
    }
    if (tx.kind !== 'record' || tx.record.campaignId !== campaignId) continue
    const r = tx.record
    if (r.kind === 'trustees') records.trustees ??= { threshold: r.threshold, trustees: r.trustees }
    else if (r.kind === 'ceremony-restart') {
      // a new ceremony: only the records after the last restart make the election key
      records.trustees = { threshold: r.threshold, trustees: r.trustees }
      records.trusteeKeys = []
      records.dealings = []
      records.complaints = []
    } else if (r.kind === 'trustee-key') records.trusteeKeys.push(r.key)
    else if (r.kind === 'dkg-dealing') records.dealings.push(r.dealing)
    else if (r.kind === 'dkg-complaint') records.complaints.push(r.complaint)
    else if (r.kind === 'decryption-shares') records.batches.push(r.batch)
  }
  return records
}

export interface EncryptedAudit {
  lines: string[]
  /** Steps that failed (ceremony, ballot proofs); an empty list when none did. */
  differences: string[]
  /** Decrypted ballots that count (source online: ballots of the web and terminals). */
  ballots: CountedBallot[]
  tallies: ProjectTally[]
  /** Ballots that could not be decrypted for want of t valid shares. */
  undecrypted: number
  /** Ballots decrypted but spoiled (bad padding or choices, rule violations). */
  spoiled: number
}

function spoiledLine(reasons: Map<string, number>): string {
  return [...reasons].map(([reason, n]) => `${n} ${reason}`).join('; ')
}

export function auditEncrypted(
  campaign: Campaign,
  records: EncryptedRecords,
  rng?: Rng
): EncryptedAudit {
  const failed = (difference: string): EncryptedAudit => ({
    lines: [],
    differences: [difference],
    ballots: [],
    tallies: [],
    undecrypted: records.ballots.length,
    spoiled: 0,
  })
  const { encryption } = campaign
  if (!encryption) return failed('ceremony: the campaign tx is not encrypted')
  if (!records.trustees) return failed('ceremony: no trustees record on the ledger')
  const tally = thresholdTally({
    campaign: { ...campaign, encryption },
    ceremony: {
      trustees: records.trustees,
      trusteeKeys: records.trusteeKeys,
      dealings: records.dealings,
      complaints: records.complaints,
    },
    ballots: records.ballots,
    batches: records.batches,
    rng,
  })
  if (!tally.ok) return failed(tally.error)
  const { qualified, excluded, absent } = tally.ceremony
  const lines = [
    `ceremony: ${encryption.threshold} of ${encryption.trustees} trustees, qualified dealers ${qualified.join(', ')}` +
      excluded.map((e) => `; dealer ${e.dealer} excluded (${e.reason})`).join('') +
      (absent.length > 0 ? `; absent ${absent.join(', ')}` : '') +
      '; the election key matches the campaign tx',
    `ballots: ${records.ballots.length} encrypted ballots, ` +
      (tally.problems.length === 0
        ? 'every proof valid'
        : `${tally.problems.length} with a failing proof`),
  ]
  const valid = tally.batches.filter((b) => b.valid)
  lines.push(
    `shares: ${valid.length} of ${tally.batches.length} batches valid` +
      (valid.length > 0
        ? ` (trustees ${[...new Set(valid.map((b) => b.trustee))].join(', ')})`
        : '')
  )
  for (const verdict of tally.batches) if (!verdict.valid) lines.push(describeBatchVerdict(verdict))
  const spoiled = new Map<string, number>()
  const ballots: CountedBallot[] = []
  let undecrypted = 0
  for (const outcome of tally.ballots) {
    if (outcome.counted) {
      ballots.push({
        source: 'online',
        choices: outcome.choices.map((c): [number, number] => [c.projectId, c.weight]),
      })
    } else {
      if (outcome.spoiled === 'not_enough_shares') undecrypted++
      spoiled.set(outcome.spoiled, (spoiled.get(outcome.spoiled) ?? 0) + 1)
    }
  }
  lines.push(
    `decrypted: ${tally.counted} ballots counted, ${tally.spoiled} not` +
      (spoiled.size > 0 ? ` (${spoiledLine(spoiled)})` : '')
  )
  return {
    lines,
    differences: tally.problems,
    ballots,
    tallies: tally.tallies,
    undecrypted,
    spoiled: tally.spoiled - undecrypted,
  }
}

/**
 * The replay of an encrypted campaign with its decrypted ballots in place of the app's tallies (the
 * replicas cannot count ciphertexts): online = the decrypted ballots, paper = the clear sheets the
 * replicas counted, all = both.
 */
export function decryptedReplay(replay: CampaignReplay, encrypted: EncryptedAudit): CampaignReplay {
  const paper = replay.tallies.paper
  const online = replay.campaign.projects.map((p) => {
    const t = encrypted.tallies.find((x) => x.projectId === p.id)
    return { projectId: p.id, votes: t?.votes ?? 0, points: t?.points ?? 0 }
  })
  const all = online.map((t, i) => ({
    projectId: t.projectId,
    votes: t.votes + paper[i].votes,
    points: t.points + paper[i].points,
  }))
  const sheets = replay.ballots.filter((b) => b.source === 'paper')
  return {
    ...replay,
    ballots: [...encrypted.ballots, ...sheets],
    tallies: {
      ballots: encrypted.ballots.length + replay.tallies.paperSheets,
      paperSheets: replay.tallies.paperSheets,
      all,
      online,
      paper,
    },
  }
}
