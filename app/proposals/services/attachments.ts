/*
| Attachments of ideas, stored through the shared upload helper (#shared/uploads): the
| SHA-256 is computed from the very bytes streamed to the disk; the type is taken from the
| file's first bytes (jpg, png, webp, pdf), never from its name or the browser's word.
*/
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { storeUpload, type SniffedType } from '#shared/uploads'

export { sniffType, removeStored, readStream } from '#shared/uploads'

export const ATTACHMENTS_PER_IDEA_MAX = 10
export const ATTACHMENT_BYTES_MAX = 10 * 1024 * 1024

/** Streams the upload to the disk, hashing on the way; returns the stored row (unsaved). */
export async function storeAttachment(
  ideaId: number,
  file: MultipartFile,
  type: SniffedType
): Promise<IdeaAttachment> {
  const stored = await storeUpload(`ideas/${ideaId}`, file, type)
  const attachment = new IdeaAttachment()
  attachment.merge({ ideaId, ...stored })
  return attachment
}
