import { decodeBallot, type Ballot } from '@civic-budget/protocol/ballot'
import {
  decodeEncryptedBallot,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'

/*
| A submitted ballot's bytes, decoded by their version item: v1 carries the choices in clear, v2
| (protocol.md "Threshold encryption") the ciphertext, its proof and the same voter key and
| credential. Which version a campaign takes is for the intake (`campaign_encryption.ts`).
*/
export type SubmittedBallot =
  { version: 1; ballot: Ballot } | { version: 2; ballot: EncryptedBallot }

export class SubmittedBallotError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** The version item of `[version, …]` (the byte after a short array head), or -1. */
export function ballotVersionOf(bytes: Uint8Array): number {
  const head = bytes[0]
  return head !== undefined && head >= 0x80 && head <= 0x97 && bytes.length > 1 ? bytes[1] : -1
}

/** Strict decoding of either version; throws `SubmittedBallotError` (code, message). */
export function decodeSubmittedBallot(bytes: Uint8Array): SubmittedBallot {
  if (ballotVersionOf(bytes) === 2) {
    const decoded = decodeEncryptedBallot(bytes)
    if (!decoded.ok) throw new SubmittedBallotError(decoded.error.code, decoded.error.message)
    return { version: 2, ballot: decoded.value }
  }
  try {
    return { version: 1, ballot: decodeBallot(bytes) }
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'malformed'
    throw new SubmittedBallotError(code, (error as Error).message)
  }
}
