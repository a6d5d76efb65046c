import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import type { Stage } from '#campaigns/stages'

/*
| How other modules extend campaigns without campaigns importing them (Decidim's
| "a module registers itself"): hooks run when a campaign enters a stage (inside
| the stage change's transaction, campaign row locked), and fillers that add
| their part of the public campaign (`registrarPublicKey`, `projects`).
| Modules register from their routes/start files, which every environment loads.
*/
export type StageEnteredHook = (campaign: Campaign, trx: TransactionClientContract) => Promise<void>
export type PublicCampaignFiller = (
  campaign: Campaign,
  dto: Record<string, unknown>
) => Promise<void>

const stageHooks = new Map<string, StageEnteredHook>()
const publicFillers = new Map<string, PublicCampaignFiller>()

/** Registers (or replaces, by name: reloading a module never doubles a hook) a stage hook. */
export function onStageEntered(stage: Stage, name: string, hook: StageEnteredHook) {
  stageHooks.set(`${stage}:${name}`, hook)
}

export async function runStageEnteredHooks(
  campaign: Campaign,
  trx: TransactionClientContract
): Promise<void> {
  for (const [key, hook] of stageHooks) {
    if (key.startsWith(`${campaign.stage}:`)) await hook(campaign, trx)
  }
}

export function addPublicCampaignFiller(name: string, filler: PublicCampaignFiller) {
  publicFillers.set(name, filler)
}

export async function fillPublicCampaign(
  campaign: Campaign,
  dto: Record<string, unknown>
): Promise<void> {
  for (const filler of publicFillers.values()) await filler(campaign, dto)
}
