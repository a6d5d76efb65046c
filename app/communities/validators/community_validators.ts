/*
| One VineJS validator per community action.
*/
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { COMMUNITY_KINDS } from '#communities/models/community'

export const COMMUNITY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
export const POPULATION_MAX = 2_000_000_000

const fields = {
  code: vine.string().trim().regex(COMMUNITY_CODE_PATTERN),
  name: vine.string().trim().minLength(1).maxLength(200),
  kind: vine.enum(COMMUNITY_KINDS),
  parentId: vine.number().withoutDecimals().positive().nullable().optional(),
  population: vine.number().withoutDecimals().min(0).max(POPULATION_MAX),
}

export const createCommunityValidator = vine.compile(vine.object(fields))
export const updateCommunityValidator = vine.compile(vine.object(fields))
export type CommunityData = Infer<typeof createCommunityValidator>

export const communityListValidator = vine.compile(
  vine.object({ search: vine.string().trim().maxLength(100).optional() })
)

export const importCommunitiesValidator = vine.compile(
  vine.object({
    file: vine
      .file({ size: '5mb', extnames: ['csv', 'txt'] })
      .optional()
      .requiredIfMissing('csv'),
    csv: vine.string().maxLength(5_000_000).optional(),
  })
)
