import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { DISTRICT_SOURCES, ELIGIBILITY_MODES, OUTCOME_RULES } from '#campaigns/models/campaign'
import { CENSUS_KINDS } from '#campaigns/models/census_entry'
import { STAGES } from '#campaigns/stages'
import { communityId } from '#campaigns/validators/shared'

/** Who may take part, and from what age. */
export const eligibilityValidator = vine.compile(
  vine.object({
    eligibilityMode: vine.enum(ELIGIBILITY_MODES),
    // Omitted: unchanged.
    acceptedDistrictSource: vine.enum(DISTRICT_SOURCES).optional(),
    minAge: vine.number().withoutDecimals().min(0).max(120).nullable().optional(),
  })
)
export type EligibilityInput = Infer<typeof eligibilityValidator>

/** How winners are picked, and whether live results are public during voting. */
export const outcomeValidator = vine.compile(
  vine.object({
    outcomeRule: vine.enum(OUTCOME_RULES),
    liveResultsPublic: vine.boolean(),
  })
)
export type OutcomeInput = Infer<typeof outcomeValidator>

/** Census CSV: one value per line, optionally `value,district_code`. At most 2 MB / 200 000 lines. */
export const CENSUS_TEXT_BYTES_MAX = 2 * 1024 * 1024
export const CENSUS_LINES_MAX = 200_000
/** A 200,000-line file of E.164 phones with district codes is ≈ 4 MB. */
export const CENSUS_FILE_SIZE_MAX = '16mb'
/** A file of another kind is refused with 415 before it is read (receiveUploads). */
export const CENSUS_FILE_EXTENSIONS = ['csv', 'txt']

export const censusImportValidator = vine.compile(
  vine.object({
    kind: vine.enum(CENSUS_KINDS),
    districtId: communityId().nullable().optional(),
    // The register as an uploaded file (streamed, app/campaigns/services/census.ts), or pasted.
    file: vine.file({ size: CENSUS_FILE_SIZE_MAX, extnames: CENSUS_FILE_EXTENSIONS }).optional(),
    csv: vine
      .string()
      .minLength(1)
      .maxLength(CENSUS_TEXT_BYTES_MAX)
      .optional()
      .requiredIfMissing('file'),
    replace: vine.boolean().optional(),
  })
)
export type CensusImportInput = Infer<typeof censusImportValidator>

/** An admin moves the campaign: the stage seen on screen (`from`) guards against double submits. */
export const stageChangeValidator = vine.compile(
  vine.object({
    from: vine.enum(STAGES),
    to: vine.enum(STAGES),
    reason: vine.string().trim().maxLength(1000).optional(),
  })
)
export type StageChangeInput = Infer<typeof stageChangeValidator>
