import { mkdir, readFile, writeFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { parseKeyFile, type TrusteeKeyFile } from '@civic-budget/protocol/trustee'

/*
| DEMO ONLY. The demo encrypted campaign's three trustees are played by the development seeder, which
| keeps their key files (sealed with a published passphrase) and invite tokens in
| `storage/demo_trustees/campaign-<id>.json`, so the staff screen's demo button can decrypt as them
| and a newcomer can open a trustee page or run `node bin/trustee.js` with a real key file. A real
| trustee's key never reaches the server: in production nothing here is written or read.
*/
export const DEMO_TRUSTEE_PASSPHRASE = 'riverside demo trustee'

export interface DemoTrustee {
  index: number
  name: string
  /** The invite token (the trustee page: `/trustee#token=…`). */
  token: string
  keyFile: TrusteeKeyFile
}

export interface DemoTrustees {
  demoOnly: string
  campaignId: number
  passphrase: string
  trustees: DemoTrustee[]
}

const fileOf = (campaignId: number) =>
  app.makePath('storage', 'demo_trustees', `campaign-${campaignId}.json`)

export async function saveDemoTrustees(
  campaignId: number,
  trustees: DemoTrustee[]
): Promise<string> {
  if (app.inProduction) throw new Error('demo trustees are never kept in production')
  const file = fileOf(campaignId)
  await mkdir(app.makePath('storage', 'demo_trustees'), { recursive: true })
  const content: DemoTrustees = {
    demoOnly: 'Demo trustees held by the development seeder: never do this with a real campaign',
    campaignId,
    passphrase: DEMO_TRUSTEE_PASSPHRASE,
    trustees,
  }
  await writeFile(file, JSON.stringify(content, null, 2), { mode: 0o600 })
  return file
}

/** The campaign's demo trustees, or null (none, unreadable, or in production). */
export async function demoTrusteesOf(campaignId: number): Promise<DemoTrustees | null> {
  if (app.inProduction) return null
  try {
    const parsed = JSON.parse(await readFile(fileOf(campaignId), 'utf8')) as DemoTrustees
    if (parsed.campaignId !== campaignId || !Array.isArray(parsed.trustees)) return null
    for (const t of parsed.trustees) parseKeyFile(t.keyFile)
    return parsed
  } catch {
    return null
  }
}
