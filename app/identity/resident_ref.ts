/**
 * How other modules name a signed-in resident where a person is referred to by a string:
 * `resident:<residents.id>` — the online `person_ref` of a credential issuance (voting) and
 * the input of a support's `supporterHash` (proposals).
 */
export function residentRef(residentId: number): string {
  if (!Number.isInteger(residentId) || residentId <= 0) {
    throw new Error('assertion: resident id must be a positive integer')
  }
  return `resident:${residentId}`
}
