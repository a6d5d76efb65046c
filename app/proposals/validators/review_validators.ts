import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { AMOUNT_MAX } from '#campaigns/models/money'

const id = () => vine.number().withoutDecimals().min(1).max(2_147_483_647)
const reason = () => vine.string().trim().minLength(3).maxLength(2000)
const amount = () => vine.number().withoutDecimals().min(1).max(AMOUNT_MAX)

export const hideValidator = vine.compile(vine.object({ reason: reason() }))
export const mergeValidator = vine.compile(vine.object({ intoId: id(), reason: reason() }))
/** The moderation queue's bulk action: at most 100 ideas at once (a page of the queue). */
export const BULK_IDEAS_MAX = 100
export const bulkModerationValidator = vine.compile(
  vine.object({
    action: vine.enum(['approve', 'hide'] as const),
    ideaIds: vine.array(id()).minLength(1).maxLength(BULK_IDEAS_MAX),
    reason: vine.string().trim().maxLength(2000).optional(),
  })
)

/** The moderation queue's filters (query string); anything else is ignored. */
export const moderationFiltersValidator = vine.compile(
  vine.object({
    status: vine
      .enum([
        'to_moderate',
        'published',
        'in_review',
        'hidden',
        'rejected',
        'merged',
        'all',
      ] as const)
      .optional(),
    categoryId: id().optional(),
    potId: id().optional(),
  })
)

export const assignExpertValidator = vine.compile(vine.object({ expertId: id() }))

/** An expert's review: explanation required when unfeasible; an optional comment. */
export const reviewValidator = vine.compile(
  vine.object({
    costEstimate: amount().optional(),
    feasibility: vine.enum(['feasible', 'unfeasible'] as const),
    explanation: vine
      .string()
      .trim()
      .maxLength(5000)
      .optional()
      .requiredWhen('feasibility', '=', 'unfeasible'),
    comment: vine.string().trim().maxLength(5000).optional(),
    commentVisibility: vine.enum(['public', 'internal'] as const).optional(),
  })
)
export type ReviewInput = Infer<typeof reviewValidator>

export const approveValidator = vine.compile(
  vine.object({
    cost: amount(),
    potId: id(),
    title: vine.string().trim().minLength(5).maxLength(200).optional(),
  })
)
export type ApproveInput = Infer<typeof approveValidator>

export const rejectValidator = vine.compile(vine.object({ reason: reason() }))

export const ballotEntryValidator = vine.compile(
  vine.object({
    cost: amount(),
    potId: id(),
    position: vine.number().withoutDecimals().min(0).max(10_000),
    title: vine.string().trim().minLength(5).maxLength(200).optional(),
  })
)
export type BallotEntryInput = Infer<typeof ballotEntryValidator>
