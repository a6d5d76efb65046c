/*
| The city's branding for tests: it is one row shared by the whole run, so a test that changes it
| puts the default back when it ends (`resetBranding` in a teardown).
*/
import sharp from 'sharp'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { forgetCachedBranding } from '#branding/branding_store'

/** Removes the branding row and the logo file: every page shows the default look again. */
export async function resetBranding() {
  const row = await db.from('city_branding').where('id', 1).first()
  if (row?.logo_drive_key) await drive.use().delete(row.logo_drive_key)
  await db.from('city_branding').delete()
  forgetCachedBranding()
}

/** The stored row (null: never saved), for "nothing changed" checks. */
export async function brandingRow() {
  return (await db.from('city_branding').where('id', 1).first()) ?? null
}

/** A wide PNG logo with EXIF text that must not survive the upload. */
export async function logoPng(width = 1200, height = 400): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#1f4e8c' } })
    .png()
    .withExif({ IFD0: { Make: 'LogoCam', Model: 'LogoSerial-4242' } })
    .toBuffer()
}
