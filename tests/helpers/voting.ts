import db from '@adonisjs/lucid/services/db'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { bytesToHex, hexToBytes } from '#voting/protocol/index'
import { blind, generateVoterKey } from '#voting/protocol/index'
import Resident from '#identity/models/resident'
import createTerminal from '#voting/actions/create_terminal'
import { makeCampaign, makeCity, makeResident } from '#tests/helpers/campaigns'
import type { Stage } from '#campaigns/stages'
import type Campaign from '#campaigns/models/campaign'

/** A fresh, valid Russian mobile number (random; collisions are negligible). */
export function freshPhone(): string {
  return `+7916${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`
}

/** A bearer token for a resident (as POST /api/v1/auth/sms/verify would give). */
export async function bearerFor(resident: Resident): Promise<string> {
  const token = await Resident.accessTokens.create(resident)
  return token.value!.release()
}

/** The limiter's counters: emptied so one test's requests do not limit another's. */
export async function resetRateLimits() {
  await db.from('rate_limits').delete()
}

export interface VotingFixture {
  city: Awaited<ReturnType<typeof makeCity>>['city']
  other: Awaited<ReturnType<typeof makeCity>>['other']
  north: Awaited<ReturnType<typeof makeCity>>['north']
  campaign: Campaign
  resident: Resident
  token: string
}

/** A city, a campaign in `stage` (voting by default), a resident with a bearer token. */
export async function votingFixture(stage: Stage = 'voting'): Promise<VotingFixture> {
  await resetRateLimits()
  const { city, other, north } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage })
  const resident = await makeResident(freshPhone(), north.id)
  const token = await bearerFor(resident)
  return { city, other, north, campaign, resident, token }
}

/** A fresh voter key and its blinded credential message for a campaign. */
export function blindFor(campaignId: number) {
  const voter = generateVoterKey()
  const { blinded, r } = blind(campaignId, voter.publicKey)
  return { voterKey: voter.publicKey, blinded, r }
}

export async function makeTerminal(communityId: number, name = 'Test kiosk') {
  const result = await createTerminal({ type: 'system', id: null }, { name, communityId })
  if (result.outcome !== 'ok') throw new Error(`makeTerminal: ${result.outcome}`)
  return { terminal: result.terminal, token: result.token }
}

/** Compressed G2 encodings the registrar must refuse (copied from the protocol unit tests). */
export function pointOutsideSubgroup(): string {
  const { Fp2 } = bls12_381.fields
  const Point = bls12_381.G2.Point
  for (let i = 1n; ; i++) {
    const x = Fp2.create({ c0: i, c1: 1n })
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Point.CURVE().b)
    let y
    try {
      y = Fp2.sqrt(rhs)
    } catch {
      continue
    }
    if (!y || !Fp2.eql(Fp2.sqr(y), rhs)) continue
    const p = Point.fromAffine({ x, y })
    if (p.isTorsionFree()) continue
    // compressed encoding by hand: x.c1 ‖ x.c0 with the compression flag (sign bit irrelevant here)
    const hex = (n: bigint) => n.toString(16).padStart(96, '0')
    const bytes = hexToBytes(hex(x.c1) + hex(x.c0))
    bytes[0] |= 0x80
    return bytesToHex(bytes)
  }
}

/** An x for which x³ + b has no square root in Fp2: not on the curve. */
export function pointNotOnCurve(): string {
  const { Fp2 } = bls12_381.fields
  const Point = bls12_381.G2.Point
  for (let i = 1n; ; i++) {
    const x = Fp2.create({ c0: i, c1: 0n })
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Point.CURVE().b)
    let ok = false
    try {
      const y = Fp2.sqrt(rhs)
      ok = !!y && Fp2.eql(Fp2.sqr(y), rhs)
    } catch {
      ok = false
    }
    if (ok) continue
    const bytes = hexToBytes(i.toString(16).padStart(192, '0'))
    // x.c1 = 0 ‖ x.c0 = i
    const out = new Uint8Array(96)
    out.set(bytes.subarray(0, 96))
    out[0] |= 0x80
    return bytesToHex(out)
  }
}
