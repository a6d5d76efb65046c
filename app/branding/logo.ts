/*
| The city's logo: only raster images (PNG, JPEG, WebP — no SVG, which may carry scripts), known
| from their bytes, decoded and encoded again as WebP so no metadata survives, scaled down to
| fit the header on any screen. Stored on the drive disk like idea photos; served publicly by
| `BrandingLogoController` under a name that changes with every upload.
*/
import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import sharp, { type OutputInfo } from 'sharp'
import { isImage } from '#shared/images'
import { sniffType, removeStored } from '#shared/uploads'
import type { StoredLogo } from '#branding/branding_store'

/** Pixels an uploaded logo may declare (a decompression bomb declares far more). */
export const LOGO_SIDE_MAX_PX = 4096
/** The stored logo fits this box (the header shows it 40 px tall; 3× for dense screens). */
const STORED_WIDTH_PX = 600
const STORED_HEIGHT_PX = 200

export type LogoProblem = 'logo_type' | 'logo_dimensions'

/** Re-encodes the upload at `path` and stores it; or names what is wrong with it. */
export async function storeLogo(path: string): Promise<StoredLogo | { problem: LogoProblem }> {
  const type = await sniffType(path)
  if (!type || !isImage(type)) return { problem: 'logo_type' }
  let webp: { data: Buffer; info: OutputInfo }
  try {
    const { width, height } = await sharp(path).metadata()
    if (!width || !height) return { problem: 'logo_type' }
    if (width > LOGO_SIDE_MAX_PX || height > LOGO_SIDE_MAX_PX) return { problem: 'logo_dimensions' }
    // sharp writes no metadata unless asked, so encoding again strips EXIF, XMP and ICC text.
    webp = await sharp(path, { limitInputPixels: LOGO_SIDE_MAX_PX * LOGO_SIDE_MAX_PX })
      .rotate()
      .resize(STORED_WIDTH_PX, STORED_HEIGHT_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 90 })
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    // sharp's errors for bytes it cannot decode are plain Errors; system errors have a code.
    if (error instanceof Error && !('code' in error)) return { problem: 'logo_type' }
    throw error
  }
  const key = `branding/${randomUUID()}.webp`
  await drive.use().put(key, webp.data, { contentType: 'image/webp' })
  return { key, width: webp.info.width, height: webp.info.height }
}

export async function removeLogo(key: string) {
  await removeStored(key)
}
