import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { IMPLEMENTATION_STATUSES } from '#implementation/models/project_implementation'

export const PHOTO_SIZE_MAX = '10mb'
export const PHOTO_EXTNAMES = ['jpg', 'jpeg', 'png', 'webp']
/** Photos per request and per milestone. */
export const PHOTOS_PER_REQUEST_MAX = 5
export const PHOTOS_PER_MILESTONE_MAX = 10
export const DESCRIPTION_LENGTH_MAX = 5000

const id = () => vine.number().withoutDecimals().min(1).max(2_147_483_647)

export const fundingValidator = vine.compile(vine.object({ funded: vine.boolean() }))
export type FundingInput = Infer<typeof fundingValidator>

export const progressValidator = vine.compile(
  vine.object({
    status: vine.enum(IMPLEMENTATION_STATUSES),
    progressPercent: vine.number().withoutDecimals().min(0).max(100),
  })
)
export type ProgressInput = Infer<typeof progressValidator>

const photo = () => vine.file({ size: PHOTO_SIZE_MAX, extnames: PHOTO_EXTNAMES })

/** A milestone: a real calendar date (YYYY-MM-DD, 2000..2100), a description, new photos. */
export const milestoneValidator = vine.compile(
  vine.object({
    date: vine
      .date({ formats: ['YYYY-MM-DD'] })
      .afterOrEqual('2000-01-01')
      .beforeOrEqual('2100-12-31'),
    description: vine.string().trim().minLength(1).maxLength(DESCRIPTION_LENGTH_MAX),
    photos: vine.array(photo()).maxLength(PHOTOS_PER_REQUEST_MAX).optional(),
    removePhotoIds: vine.array(id()).maxLength(PHOTOS_PER_MILESTONE_MAX).optional(),
  })
)
export type MilestoneInput = Infer<typeof milestoneValidator>
