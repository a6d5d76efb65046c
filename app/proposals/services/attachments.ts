/*
| Attachments of ideas, stored through the shared upload helper (#shared/uploads): the
| SHA-256 is computed from the very bytes streamed to the disk; the type is taken from the
| file's first bytes (jpg, png, webp, pdf), never from its name or the browser's word.
| Photos are re-encoded before they are stored (#shared/images: no EXIF, so no GPS position)
| and get a WebP thumbnail; the SHA-256 is of the stored, cleaned bytes.
*/
import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import db from '@adonisjs/lucid/services/db'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { enqueueAttachmentRecord } from '#proposals/ledger_records'
import { cleanImage, isImage } from '#shared/images'
import { removeStored, sniffType, storeUpload, type SniffedType } from '#shared/uploads'

export { removeStored, readStream } from '#shared/uploads'

export const ATTACHMENTS_PER_IDEA_MAX = 10
export const ATTACHMENT_BYTES_MAX = 10 * 1024 * 1024

/** An upload whose type is known from its bytes; a photo already cleaned, with its thumbnail. */
export interface CheckedFile {
  file: MultipartFile
  type: SniffedType
  thumbnail: Buffer | null
}

/**
 * The upload's type from its first bytes (`imagesOnly`: photos alone), and for a photo: its
 * metadata stripped and its thumbnail made. Null when the type is not allowed or a photo does
 * not decode — the caller refuses it as a wrong type before anything is stored.
 */
export async function checkFile(
  file: MultipartFile,
  options: { imagesOnly?: boolean } = {}
): Promise<CheckedFile | null> {
  const type = file.tmpPath ? await sniffType(file.tmpPath) : null
  if (!type || (options.imagesOnly && !isImage(type))) return null
  if (!isImage(type)) return { file, type, thumbnail: null }
  const thumbnail = await cleanImage(file.tmpPath!, type)
  return thumbnail ? { file, type, thumbnail } : null
}

/** Streams the checked upload to the disk, hashing on the way; returns the row (unsaved). */
export async function storeAttachment(ideaId: number, checked: CheckedFile) {
  const stored = await storeUpload(`ideas/${ideaId}`, checked.file, checked.type)
  const attachment = new IdeaAttachment()
  attachment.merge({ ideaId, ...stored, thumbDriveKey: null })
  if (checked.thumbnail) {
    const key = `ideas/${ideaId}/thumbs/${randomUUID()}.webp`
    await drive.use().put(key, checked.thumbnail, { contentType: 'image/webp' })
    attachment.thumbDriveKey = key
  }
  return attachment
}

/** Every drive key of an attachment (the file and its thumbnail). */
export function keysOf(attachment: { driveKey: string; thumbDriveKey: string | null }): string[] {
  return attachment.thumbDriveKey
    ? [attachment.driveKey, attachment.thumbDriveKey]
    : [attachment.driveKey]
}

export async function removeFiles(keys: string[]) {
  for (const key of keys) await removeStored(key)
}

/**
 * Saves a stored attachment on its idea with the idea row locked, so the count limit and the
 * editable status hold under concurrent uploads; queues its ledger record in the transaction.
 * On any refusal the stored files are removed.
 */
export async function attachToIdea(
  stored: IdeaAttachment
): Promise<'ok' | 'not_editable' | 'too_many'> {
  const result = await db.transaction(async (trx) => {
    const locked = await Idea.query({ client: trx })
      .where('id', stored.ideaId)
      .forUpdate()
      .firstOrFail()
    if (!['draft', 'published'].includes(locked.status)) return 'not_editable' as const
    const [row] = await trx.from('idea_attachments').where('idea_id', locked.id).count('* as total')
    if (Number(row.total) >= ATTACHMENTS_PER_IDEA_MAX) return 'too_many' as const
    stored.useTransaction(trx)
    await stored.save()
    await enqueueAttachmentRecord(trx, locked, stored)
    return 'ok' as const
  })
  if (result !== 'ok') await removeFiles(keysOf(stored))
  return result
}
