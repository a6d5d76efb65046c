import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
| What other modules hold about a resident, for the profile's "download my data" and "delete my
| account". Identity imports no module above it: they register here from their routes files.
*/
export interface ResidentDataPart {
  /** This module's data about the resident, as plain JSON (no other person's data). */
  export(residentId: number): Promise<Record<string, unknown>>
  /**
   * Erases what may be erased, inside the deletion's transaction; may return work to run after
   * the commit (files on the drive).
   */
  erase(residentId: number, trx: TransactionClientContract): Promise<(() => Promise<void>) | void>
  /** Why the account cannot be deleted right now (a translation key of `identity.profile`), or null. */
  blocker?(residentId: number): Promise<string | null>
}

const parts = new Map<string, ResidentDataPart>()

/** Registers (or replaces, on hot reload) a module's part. */
export function addResidentDataPart(name: string, part: ResidentDataPart) {
  parts.set(name, part)
}

export function residentDataParts(): [string, ResidentDataPart][] {
  return [...parts.entries()]
}
