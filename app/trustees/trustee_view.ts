import { hexToBytes } from '@civic-budget/protocol/bytes'
import { sha256Hex } from '@civic-budget/protocol/hash'
import {
  dealers,
  recordsOf,
  recordsView,
  type CeremonyStatus,
  type StoredCeremony,
} from '#trustees/ceremony_state'

/*
| What the trustee page, the CLI and the staff screen show of a ceremony: each trustee's step, the
| outcome, the election key's fingerprint — and, for the trustee API, every record as hex bytes.
*/
export type TrusteeTodo =
  'key' | 'wait_keys' | 'deal' | 'wait_dealings' | 'review' | 'wait_completion' | 'done' | 'failed'

export function todoOf(stored: StoredCeremony, index: number): TrusteeTodo {
  const status: CeremonyStatus = stored.ceremony.status
  const trustee = stored.trustees.find((t) => t.index === index)
  switch (status) {
    case 'keys':
      return recordsOf(stored, 'trustee-key').some((r) => r.trusteeIndex === index)
        ? 'wait_keys'
        : 'key'
    case 'dealing':
      return dealers(stored).has(index) ? 'wait_dealings' : 'deal'
    case 'review':
      return trustee?.reviewedAt ? 'wait_completion' : 'review'
    case 'complete':
      return 'done'
    case 'failed':
      return 'failed'
  }
}

/** The election key's fingerprint: the first 16 hex digits of its SHA-256, grouped by four. */
export function keyFingerprint(electionKeyHex: string | null): string | null {
  if (!electionKeyHex) return null
  const digest = sha256Hex(hexToBytes(electionKeyHex)).slice(0, 16)
  return digest.match(/.{4}/g)!.join(' ')
}

export function trusteeSteps(stored: StoredCeremony) {
  const dealt = dealers(stored)
  const complaints = recordsOf(stored, 'dkg-complaint')
  return stored.trustees.map((t) => ({
    index: t.index,
    name: t.name,
    key: t.ceremonyKey !== null,
    dealt: dealt.has(t.index),
    reviewed: t.reviewedAt !== null,
    complaints: complaints.filter((c) => c.trusteeIndex === t.index).length,
  }))
}

export function ceremonySummary(stored: StoredCeremony) {
  const { ceremony } = stored
  return {
    threshold: ceremony.threshold,
    trustees: ceremony.trustees,
    status: ceremony.status,
    deadlineAt: ceremony.deadlineAt?.toISOString() ?? null,
    electionKey: ceremony.electionKey,
    fingerprint: keyFingerprint(ceremony.electionKey),
    paddedLength: ceremony.paddedLength,
    outcome: ceremony.outcome,
    steps: trusteeSteps(stored),
  }
}

/**
 * `GET /api/v1/trustee/ceremony` for trustee `index`. `votingClosed`: whether the campaign is past
 * its close (`#trustees/decryption/voting_closed`); with a complete ceremony that opens decryption.
 */
export function trusteeCeremonyView(
  stored: StoredCeremony,
  index: number,
  campaign: { id: number; title: string },
  votingClosed: boolean
) {
  const records = recordsView(stored)
  return {
    campaign,
    index,
    ...ceremonySummary(stored),
    todo: todoOf(stored, index),
    decryptionOpen: stored.ceremony.status === 'complete' && votingClosed,
    campaignId: records.campaignId,
    keys: records.keys,
    dealings: records.dealings,
    complaints: records.complaints,
  }
}
