import { campaignEncryption } from '#trustees/encryption'
import type { CampaignDefinition } from '@civic-budget/protocol/tx'
import type { EncryptionKey } from '#voting/intake/verify_worker'

/*
| Whether the intake takes ballot v1 (choices in clear) or v2 (encrypted) for a campaign, and with
| which election key and padded length. The committed campaign tx's `encryption` is what the
| replicas check, so it wins; otherwise the trustees module's read (`#trustees/encryption`), which
| says "encrypted" as soon as a ceremony exists. A complete ceremony never changes (kept for the life
| of the process); any other state is read again after `RECHECK_MS`, like the campaign row.
*/
export type IntakeEncryption =
  | { encrypted: false }
  | { encrypted: true; key: EncryptionKey }
  | { encrypted: true; key: null; status: string }

const RECHECK_MS = 1_000
const KEPT = 1_000
const known = new Map<number, { at: number; state: IntakeEncryption }>()

export async function intakeEncryption(definition: CampaignDefinition): Promise<IntakeEncryption> {
  if (definition.encryption) {
    const { electionKey, paddedLength } = definition.encryption
    return { encrypted: true, key: { electionKey, paddedLength } }
  }
  const cached = known.get(definition.id)
  const final = cached?.state.encrypted === true && cached.state.key !== null
  if (cached && (final || Date.now() - cached.at < RECHECK_MS)) return cached.state
  const read = await campaignEncryption(definition.id)
  const state: IntakeEncryption = !read.encrypted
    ? { encrypted: false }
    : read.complete
      ? { encrypted: true, key: { electionKey: read.electionKey, paddedLength: read.paddedLength } }
      : { encrypted: true, key: null, status: read.status }
  if (known.size >= KEPT) known.clear()
  known.set(definition.id, { at: Date.now(), state })
  return state
}

/** Forgets what was read (tests that create ceremonies; `resetIntake`). */
export function forgetIntakeEncryption(): void {
  known.clear()
}
