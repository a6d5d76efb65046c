import { rejectionOf, rejectionText, type Rejection } from '@civic-budget/protocol/rejections'

/*
| The answers of the intake (protocol.md "HTTP API", app/voting/README.md error table), and the
| mapping of the replicas' typed rejections (`@civic-budget/protocol/rejections`) onto them.
*/
export interface Refusal {
  status: number
  code: string
  message: string
  details?: Record<string, unknown>
  retryAfterSeconds?: number
}

export function refusal(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>
): Refusal {
  return details === undefined ? { status, code, message } : { status, code, message, details }
}

export const MESSAGES = {
  invalid_signature: 'The ballot signature does not verify',
  invalid_credential: 'The credential does not verify under the campaign registrar key',
  rule_violation: 'The choices break the ballot rules',
  validation_failed: 'The request has invalid fields',
  duplicate_voter: 'A different ballot was already cast with this voter key',
  voting_closed: 'Voting is not open in this campaign',
  overloaded: 'Too many ballots right now, try again shortly',
  ledger_unavailable: 'The ledger cannot take ballots for this campaign yet, try again shortly',
  encrypted_campaign: 'This campaign takes encrypted ballots only (ballot version 2)',
  not_encrypted_campaign: 'This campaign takes ballots in clear only (ballot version 1)',
  invalid_proof: "The encryption proof does not verify for this campaign's key and this voter key",
  wrong_length: "The encrypted choices do not have this campaign's padded length",
} as const

/** Refusals of encrypted ballots (codes the replicas may send as the head of their reason). */
const ENCRYPTION_CODES = [
  'encrypted_campaign',
  'not_encrypted_campaign',
  'invalid_proof',
  'wrong_length',
] as const

function encryptionRefusal(rejection: Rejection): Refusal | null {
  const head = String(rejection.code === 'rejected' ? rejection.detail : rejection.code)
    .split(':')[0]
    .trim()
  const code = ENCRYPTION_CODES.find((c) => c === head)
  if (!code) return null
  return refusal(422, code, MESSAGES[code], { ledgerReason: rejectionText(rejection) })
}

/** A quorum's typed rejection (`{ code, detail }` of the replicas' answer) → our answer. */
export function refusalForRejection(rejection: Rejection): Refusal {
  const encryption = encryptionRefusal(rejection)
  if (encryption) return encryption
  const details = { ledgerReason: rejectionText(rejection) }
  switch (rejection.code) {
    case 'invalid_signature':
      return refusal(422, 'invalid_signature', MESSAGES.invalid_signature, details)
    case 'invalid_credential':
      return refusal(422, 'invalid_credential', MESSAGES.invalid_credential, details)
    case 'rule_violation':
      return refusal(422, 'rule_violation', MESSAGES.rule_violation, details)
    case 'duplicate_voter':
      return refusal(409, 'duplicate_voter', MESSAGES.duplicate_voter, details)
    case 'voting_closed':
    case 'voting_not_open':
    case 'unknown_campaign':
      return refusal(409, 'voting_closed', MESSAGES.voting_closed, details)
    default:
      // `malformed` and anything unexpected: the bytes themselves are not acceptable.
      return refusal(422, 'validation_failed', MESSAGES.validation_failed, details)
  }
}

/** The answer for a rejection stored as its one-line text (the ballots table keeps that form). */
export function refusalForStoredReason(reason: string): Refusal {
  return refusalForRejection(rejectionOf(reason))
}

/** Whether a ledger rejection leaves the voter key unused (every reason but duplicate_voter). */
export function freesVoterKey(code: string): boolean {
  return code !== 'duplicate_voter'
}
