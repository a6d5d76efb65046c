/*
| Photos as they are kept and shown (issue #17): every uploaded image is decoded and encoded
| again before it is stored, which drops all its metadata — EXIF (GPS position, camera serial,
| time), XMP, IPTC — keeping only the pixels, turned upright by its EXIF orientation first. A
| small WebP thumbnail is made from the same pixels. A file that claims to be an image by its
| first bytes but does not decode is refused like any other wrong type.
*/
import { rename, unlink } from 'node:fs/promises'
import sharp from 'sharp'
import type { SniffedType } from '#shared/uploads'

/** Longest side of a thumbnail, in pixels (two columns on a phone, a 2× screen). */
export const THUMB_SIZE_PX = 480

/** Decompression bombs: a 10 MB file may declare 60,000 × 60,000 pixels. 50 MP is any phone's. */
const INPUT_PIXELS_MAX = 50_000_000

export function isImage(type: SniffedType): boolean {
  return type.mime.startsWith('image/')
}

/**
 * Rewrites the image at `path` in place without metadata (same format) and returns its WebP
 * thumbnail; null when the bytes do not decode as an image (the file is left as it was).
 */
export async function cleanImage(path: string, type: SniffedType): Promise<Buffer | null> {
  const cleanPath = `${path}.clean`
  try {
    // sharp writes no metadata unless asked (withMetadata / keepExif), so re-encoding strips it.
    const upright = () => sharp(path, { limitInputPixels: INPUT_PIXELS_MAX }).rotate()
    const encoded = upright()
    if (type.mime === 'image/png') encoded.png()
    else if (type.mime === 'image/webp') encoded.webp({ quality: 90 })
    else encoded.jpeg({ quality: 90, mozjpeg: true })
    await encoded.toFile(cleanPath)
    const thumbnail = await upright()
      .resize(THUMB_SIZE_PX, THUMB_SIZE_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer()
    await rename(cleanPath, path)
    return thumbnail
  } catch (error) {
    await unlink(cleanPath).catch(() => undefined)
    if (isDecodeError(error)) return null
    throw error
  }
}

/** sharp's errors for input it cannot decode are plain Errors; system errors (disk full) have a code. */
function isDecodeError(error: unknown): boolean {
  return error instanceof Error && !('code' in error)
}
