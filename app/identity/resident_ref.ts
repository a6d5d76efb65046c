/**
 * How other modules name a signed-in resident where a person is referred to by a string:
 * `resident:<residents.id>` — the input of a support's `supporterHash` (proposals), and the
 * `person_ref` of online credentials issued before migration 0110 (voting now names a person by
 * their phone and ID-hash references, `#voting/person_ref`).
 */
export function residentRef(residentId: number): string {
  if (!Number.isInteger(residentId) || residentId <= 0) {
    throw new Error('assertion: resident id must be a positive integer')
  }
  return `resident:${residentId}`
}
