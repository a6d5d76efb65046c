import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'

/*
| Modules that can hold back the outcome published on entering `results` register a gate here
| (outcomes cannot import them: they depend on outcomes). The trustees module holds back an
| encrypted campaign until its ballots are decrypted — its combination publishes the outcome then;
| before that the tallies hold no choices and an outcome from them would be wrong.
*/
export type PublicationGate = (
  campaign: Campaign,
  trx: TransactionClientContract
) => Promise<boolean>

const gates = new Map<string, PublicationGate>()

/** Registers (or replaces, by name) a gate that answers true to hold the publication back. */
export function holdPublicationWhen(name: string, gate: PublicationGate): void {
  gates.set(name, gate)
}

export async function publicationHeld(
  campaign: Campaign,
  trx: TransactionClientContract
): Promise<boolean> {
  for (const gate of gates.values()) if (await gate(campaign, trx)) return true
  return false
}
