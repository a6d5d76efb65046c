import type Resident from '#identity/models/resident'

/**
 * The resident's notices opt-in (sent by `app/notifications`). Opting out also drops the e-mail
 * address: it is kept for nothing else.
 */
export async function setNoticePreferences(
  resident: Resident,
  input: { notices?: boolean; noticesEmail?: string | null }
): Promise<void> {
  const optIn = input.notices === true
  resident.noticesOptIn = optIn
  resident.noticesEmail = optIn ? (input.noticesEmail ?? null) || null : null
  await resident.save()
}
