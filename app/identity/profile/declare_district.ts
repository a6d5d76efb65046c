import type Resident from '#identity/models/resident'
import { isDistrictChoice } from '#identity/profile/district_choices'

export type DeclareDistrictResult = { outcome: 'ok' } | { outcome: 'unknown_district' }

/**
 * The resident declares where they live (or clears it with null). Declaring the district a
 * register or provider already verified keeps it verified; any other choice is `declared`.
 */
export async function declareDistrict(
  resident: Resident,
  districtId: number | null
): Promise<DeclareDistrictResult> {
  if (districtId !== null && !(await isDistrictChoice(districtId))) {
    return { outcome: 'unknown_district' }
  }
  if (districtId === resident.districtId) return { outcome: 'ok' }
  resident.merge({ districtId, districtSource: districtId === null ? null : 'declared' })
  await resident.save()
  return { outcome: 'ok' }
}
