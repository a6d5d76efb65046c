import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'

/** The longest comment (also a CHECK in migration 0210). */
export const COMMENT_BODY_MAX = 2000
export const REPORT_REASON_MAX = 500

/** A resident's comment on an idea, or a reply (`parentId`) to one of its comments. */
export const commentValidator = vine.compile(
  vine.object({
    body: vine.string().trim().minLength(2).maxLength(COMMENT_BODY_MAX),
    parentId: vine.number().withoutDecimals().min(1).max(2_147_483_647).optional(),
  })
)
export type CommentInput = Infer<typeof commentValidator>

export const reportValidator = vine.compile(
  vine.object({ reason: vine.string().trim().minLength(3).maxLength(REPORT_REASON_MAX) })
)

/** A moderator hides a comment with a reason shown in its place to its author and staff. */
export const hideCommentValidator = vine.compile(
  vine.object({ reason: vine.string().trim().minLength(3).maxLength(REPORT_REASON_MAX) })
)
