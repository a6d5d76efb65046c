import { floorDiv } from '../rational.js'
import type { MoneyClasses } from './mes_money_classes.js'

/*
 * Integer tools of the add-one sweep (mes_sweep.ts): linear inequalities in the endowment increase
 * t, and the cap of a project over its gathered supporters under a given money (lo or hi bounds).
 */

/** Largest integer t ≥ 0 with alpha + beta·t ≥ 0 (> 0 if strict); −1 if none, null if all. */
export function lastTrue(alpha: bigint, beta: bigint, strict: boolean): bigint | null {
  // Over the integers, alpha + beta·t > 0 ⇔ alpha − 1 + beta·t ≥ 0.
  const a = strict ? alpha - 1n : alpha
  if (a < 0n) return -1n
  if (beta >= 0n) return null
  return a / -beta
}

/** ceil(a / b) for b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

/** A lower bound (num + slope·t) / den of a project's ρ (den > 0). */
export interface CapBound {
  num: bigint
  slope: bigint
  den: bigint
}

/** A cap rest / k in internal units (k > 0; k = 0: every supporter is capped, rest left over). */
export interface Cap {
  rest: bigint
  k: number
}

/** Money of the gathered supporters per touched class, exactly (internal units) and as doubles. */
export interface Money {
  exact: bigint[]
  approx: number[]
}

/** The gathered supporters' money at t by their lo or hi bound (values caught up). */
export function gatheredMoneyAt(classes: MoneyClasses, bound: 'lo' | 'hi', t: bigint): Money {
  const { touched, value, approx } = classes
  const slopes = bound === 'lo' ? classes.loSlope : classes.hiSlope
  const slopesF = bound === 'lo' ? classes.loApprox : classes.hiApprox
  const tF = Number(t)
  return {
    exact: touched.map((c) => value[c] + slopes[c] * t),
    approx: touched.map((c) => approx[c] + slopesF[c] * tF),
  }
}

/**
 * Smallest cap q = rest / k (k > 0) with Σ min(money, q) = cost over the gathered supporters;
 * k = 0 when all of them are capped. Doubles guess the capped set, exactly checked; a wrong guess
 * falls back to the exact fixed-point iteration.
 */
export function capOver(
  classes: MoneyClasses,
  money: Money,
  cost: bigint,
  costApprox: number
): Cap {
  const { touched, perClass } = classes
  const supporters = classes.supporters()
  let kF = supporters
  let qF = costApprox / kF
  for (let pass = 0; pass < 64 && kF > 0; pass++) {
    let r = costApprox
    let kk = supporters
    touched.forEach((c, i) => {
      if (money.approx[i] <= qF) {
        r -= perClass[c] * money.approx[i]
        kk -= perClass[c]
      }
    })
    if (kk === kF) break
    kF = kk
    qF = kF > 0 ? r / kF : Infinity
  }
  let rest = cost
  let k = supporters
  let maxCapped = -1n
  let minFree = -1n
  touched.forEach((c, i) => {
    const v = money.exact[i]
    if (money.approx[i] <= qF) {
      rest -= BigInt(perClass[c]) * v
      k -= perClass[c]
      if (v > maxCapped) maxCapped = v
    } else if (minFree < 0n || v < minFree) {
      minFree = v
    }
  })
  const kb = BigInt(k)
  if (k === 0 ? rest >= 0n : (maxCapped < 0n || maxCapped * kb <= rest) && minFree * kb > rest)
    return { rest, k }
  // The guess was wrong: exact fixed-point iteration from below (the capped set only grows).
  rest = cost
  k = supporters
  for (let capped = -1; ;) {
    let restNext = cost
    let kNext = supporters
    let cappedNext = 0
    const kNow = BigInt(k)
    touched.forEach((c, i) => {
      if (money.exact[i] * kNow <= rest) {
        restNext -= BigInt(perClass[c]) * money.exact[i]
        kNext -= perClass[c]
        cappedNext++
      }
    })
    rest = restNext
    k = kNext
    if (cappedNext === capped || k === 0) return { rest, k }
    capped = cappedNext
  }
}
