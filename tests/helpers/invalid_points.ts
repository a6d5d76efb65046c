/*
| Compressed G2 encodings a registrar must refuse: used by the protocol unit tests and the
| credential endpoint tests.
*/
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol'

/** A point of E'(Fp2) outside the prime-order subgroup (cofactor not cleared), compressed. */
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
