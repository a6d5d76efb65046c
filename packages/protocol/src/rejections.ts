/**
 * Why a replica refuses a transaction, as a typed `{ code, detail }` (the replicas' HTTP answers carry
 * both, next to the legacy one-line `reason`), so clients switch on `code` instead of parsing text.
 *
 *   malformed           the bytes are not a valid tx of any kind (detail: what is wrong)
 *   invalid_signature   a ballot / record / campaign / paper-batch signature does not verify
 *   invalid_credential  the ballot's credential does not verify under the campaign's registrar key
 *   unauthorized        the signing key is not a genesis admin
 *   rule_violation      the choices break the ballot rules (detail: the violation, `sheet N: …` for paper)
 *   duplicate_voter     the voter key already cast another ballot in this campaign
 *   duplicate_batch     this paper batch (campaign, station, number) is already on the ledger
 *   unknown_campaign    no campaign tx for the campaign id yet
 *   campaign_exists     a second campaign tx for a registered campaign id
 *   voting_not_open     the block time is before the campaign's voting window
 *   voting_closed       the block time is after it (its end, or the block of a voting-closed record)
 *   total_decreased     a credentials-issued record lowers a published total
 * encrypted campaigns (protocol.md "Ledger records of an encrypted campaign"):
 *   encrypted_campaign / not_encrypted_campaign   a v1 ballot in an encrypted campaign / v2 in a clear one
 *   wrong_length, invalid_proof                   the ciphertext's size / its proof of knowledge
 *   voting_not_closed   a decryption record before the voting window ends (or a voting-closed record)
 *   ceremony_closed, ceremony_mismatch, ceremony_incomplete, too_few_qualified, trustees_exist,
 *   no_trustees, bad_index, duplicate_trustee_key, ceremony_keys_incomplete, invalid_dealing,
 *   too_many_dealings, unknown_dealing, duplicate_complaint, invalid_complaint, bad_range,
 *   duplicate_shares, too_many_restarts    the key ceremony's and the decryption shares' rules
 *   rejected            anything else (detail: the replica's text)
 */
export const REJECTION_CODES = [
  'malformed',
  'invalid_signature',
  'invalid_credential',
  'unauthorized',
  'rule_violation',
  'duplicate_voter',
  'duplicate_batch',
  'unknown_campaign',
  'campaign_exists',
  'voting_not_open',
  'voting_closed',
  'total_decreased',
  'encrypted_campaign',
  'not_encrypted_campaign',
  'wrong_length',
  'invalid_proof',
  'voting_not_closed',
  'ceremony_closed',
  'ceremony_mismatch',
  'ceremony_incomplete',
  'too_few_qualified',
  'trustees_exist',
  'no_trustees',
  'bad_index',
  'duplicate_trustee_key',
  'ceremony_keys_incomplete',
  'invalid_dealing',
  'too_many_dealings',
  'unknown_dealing',
  'duplicate_complaint',
  'invalid_complaint',
  'bad_range',
  'duplicate_shares',
  'too_many_restarts',
  'rejected',
] as const

export type RejectionCode = (typeof REJECTION_CODES)[number]

export interface Rejection {
  code: RejectionCode
  /** Human-readable facts (may be empty); never needed to decide what to do. */
  detail: string
}

function isRejectionCode(value: unknown): value is RejectionCode {
  return (REJECTION_CODES as readonly unknown[]).includes(value)
}

/**
 * The typed form of a replica's reason text (`code` or `code: detail`): the one place the text is
 * read. Replicas use it to answer `{ code, detail }`; the app uses it for reasons it stored.
 */
export function rejectionOf(reason: string): Rejection {
  const colon = reason.indexOf(':')
  const head = (colon < 0 ? reason : reason.slice(0, colon)).trim()
  const detail = colon < 0 ? '' : reason.slice(colon + 1).trim()
  return isRejectionCode(head) ? { code: head, detail } : { code: 'rejected', detail: reason }
}

/** The one-line text of a rejection (`code: detail`), as logs and stored rows keep it. */
export function rejectionText(rejection: Rejection): string {
  return rejection.detail === '' || rejection.code === 'rejected'
    ? rejection.detail || rejection.code
    : `${rejection.code}: ${rejection.detail}`
}

/** A `{ code, detail }` read from JSON (a replica's answer), or null when it is not one. */
export function parseRejection(value: unknown): Rejection | null {
  const candidate = value as { code?: unknown; detail?: unknown } | null
  if (!candidate || !isRejectionCode(candidate.code)) return null
  return {
    code: candidate.code,
    detail: typeof candidate.detail === 'string' ? candidate.detail : '',
  }
}
