/*
| Uploaded files stored through @adonisjs/drive (config/drive.ts), shared by every module
| that keeps files (ideas' attachments, milestones' photos).
|
| Invariants: the SHA-256 and size are computed from the very bytes streamed to the disk;
| the type is taken from the file's first bytes (jpg, png, webp, pdf), never from its name
| or the browser's word.
*/
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import drive from '@adonisjs/drive/services/main'
import type { MultipartFile } from '@adonisjs/core/bodyparser'

export interface SniffedType {
  mime: string
  ext: string
}

export interface StoredBlob {
  driveKey: string
  originalName: string
  mime: string
  size: number
  sha256: string
}

const SIGNATURES: (SniffedType & { test: (head: Buffer) => boolean })[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    test: (h) =>
      h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP',
  },
  { mime: 'application/pdf', ext: 'pdf', test: (h) => h.toString('latin1', 0, 5) === '%PDF-' },
]

/** The file's real type from its magic bytes, or null when it is none of the allowed ones. */
export async function sniffType(path: string): Promise<SniffedType | null> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(16)
    await handle.read(head, 0, 16, 0)
    const found = SIGNATURES.find((signature) => signature.test(head))
    return found ? { mime: found.mime, ext: found.ext } : null
  } finally {
    await handle.close()
  }
}

/** Streams the upload to `<keyPrefix>/<uuid>.<ext>` on the disk, hashing on the way. */
export async function storeUpload(
  keyPrefix: string,
  file: MultipartFile,
  type: SniffedType
): Promise<StoredBlob> {
  if (!file.tmpPath) throw new Error('assertion: multipart files are processed to a tmp path')
  const hash = createHash('sha256')
  let size = 0
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      size += chunk.length
      callback(null, chunk)
    },
  })
  const key = `${keyPrefix}/${randomUUID()}.${type.ext}`
  const source = createReadStream(file.tmpPath)
  source.on('error', (error) => hasher.destroy(error))
  await drive.use().putStream(key, source.pipe(hasher), { contentType: type.mime })
  return {
    driveKey: key,
    originalName: file.clientName.slice(0, 255),
    mime: type.mime,
    size,
    sha256: hash.digest('hex'),
  }
}

export async function removeStored(key: string) {
  await drive.use().delete(key)
}

export async function readStream(key: string) {
  return drive.use().getStream(key)
}
