import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { AMOUNT_MAX } from '#campaigns/models/money'

const id = () => vine.number().withoutDecimals().min(1).max(2_147_483_647)

/** Create or edit an idea; `publish` submits it (a draft otherwise). */
export const ideaValidator = vine.compile(
  vine.object({
    title: vine.string().trim().minLength(5).maxLength(200),
    description: vine.string().trim().maxLength(10_000).optional(),
    categoryId: id().optional(),
    potId: id().optional(),
    districtId: id().optional(),
    location: vine.string().trim().maxLength(300).optional(),
    // WGS 84 degrees, both or neither (save_idea checks the pair).
    latitude: vine.number().min(-90).max(90).optional(),
    longitude: vine.number().min(-180).max(180).optional(),
    estimatedCost: vine.number().withoutDecimals().min(1).max(AMOUNT_MAX).optional(),
    publish: vine.boolean().optional(),
  })
)
export type IdeaInput = Infer<typeof ideaValidator>

export const ATTACHMENT_SIZE_MAX = '10mb'
export const ATTACHMENT_EXTNAMES = ['jpg', 'jpeg', 'png', 'webp', 'pdf']

/** One photo or document (size and type checked from the file's bytes). */
export const attachmentValidator = vine.compile(
  vine.object({
    file: vine.file({ size: ATTACHMENT_SIZE_MAX, extnames: ATTACHMENT_EXTNAMES }),
  })
)

export const PHOTO_EXTNAMES = ['jpg', 'jpeg', 'png', 'webp']

/** The photo that may come with a new idea (multipart; type checked from its bytes). */
export const ideaPhotoValidator = vine.compile(
  vine.object({
    photo: vine.file({ size: ATTACHMENT_SIZE_MAX, extnames: PHOTO_EXTNAMES }).optional(),
  })
)

export const SORTS = ['relevance', 'newest', 'oldest', 'supports', 'cost'] as const

/** Search and filters of the ideas list (query string). */
export const ideaSearchValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(200).optional(),
    categoryId: id().optional(),
    potId: id().optional(),
    districtId: id().optional(),
    status: vine.enum(['published', 'in_review', 'on_ballot', 'rejected'] as const).optional(),
    sort: vine.enum(SORTS).optional(),
    page: vine.number().withoutDecimals().min(1).max(10_000).optional(),
  })
)
export type IdeaSearchInput = Infer<typeof ideaSearchValidator>

/** Public API: projects on the ballot. */
export const projectSearchValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(200).optional(),
    potId: id().optional(),
    sort: vine.enum(['position', 'cost', 'title', 'relevance'] as const).optional(),
  })
)
