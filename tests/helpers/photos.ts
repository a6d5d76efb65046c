/*
| Photos for the tests of issue #17: a JPEG that carries a GPS position and a camera serial in
| its EXIF (made with sharp here, so no fixture file), and checks that bytes carry no metadata.
*/
import { randomUUID } from 'node:crypto'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { checkFile, storeAttachment } from '#proposals/services/attachments'

/** Written into the fixture's EXIF; must never come back from the server. */
export const CAMERA_SERIAL = 'SerialCam-7731'

/** An 800×600 JPEG with EXIF: camera make/model and a GPS position (55°45'12.34" N, 37°37' E). */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#c8553d' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: CAMERA_SERIAL },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '55/1 45/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '37/1 37/1 0/1',
      },
    })
    .toBuffer()
}

/** EXIF's GPS-IFD pointer tag (0x8825), in either byte order. */
function hasGpsPointer(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))
}

/** What metadata an image's bytes carry (sharp's view plus a raw search for the serial). */
export async function metadataOf(bytes: Buffer) {
  const meta = await sharp(bytes).metadata()
  return {
    format: meta.format,
    width: meta.width,
    height: meta.height,
    exif: meta.exif !== undefined,
    gps: meta.exif !== undefined && hasGpsPointer(meta.exif),
    xmp: meta.xmp !== undefined,
    serial: bytes.includes(Buffer.from(CAMERA_SERIAL)),
  }
}

/**
 * Stores the GPS-tagged JPEG on an idea the way an upload is stored (cleaned, thumbnailed),
 * whatever the idea's status — the upload route takes files only until review.
 */
export async function storePhotoOn(ideaId: number, clientName: string) {
  const tmpPath = join(tmpdir(), `test-photo-${randomUUID()}.jpg`)
  await writeFile(tmpPath, await jpegWithGps())
  try {
    const checked = await checkFile({ tmpPath, clientName } as MultipartFile)
    const attachment = await storeAttachment(ideaId, checked!)
    await attachment.save()
    return attachment
  } finally {
    await unlink(tmpPath)
  }
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return (crc ^ 0xffffffff) >>> 0
}

/**
 * A decompression bomb: a tiny PNG whose header declares `side` × `side` pixels (the IHDR chunk
 * rewritten, its CRC recomputed), so a decoder that trusts it would allocate gigabytes.
 */
export async function pngDeclaring(side: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .png()
    .toBuffer()
  // Signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), … , CRC.
  png.writeUInt32BE(side, 16)
  png.writeUInt32BE(side, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  return png
}
