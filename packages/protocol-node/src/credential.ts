import { blst } from '@chainsafe/blst-swig/dist/bindings.js'
import { parseSecretKey } from '@civic-budget/protocol/bls'
import { type BytesLike, bytesToHex, toBytes } from '@civic-budget/protocol/bytes'
import { blindedBytes } from '@civic-budget/protocol/credential'
import { InvalidPointError } from '@civic-budget/protocol/errors'

/*
| The registrar's fast path (protocol.md "Credential"): `S' = sk·B` with native blst instead of
| pure-JS noble — the same points and bytes as `signBlinded` of @civic-budget/protocol, the same
| `InvalidPointError` codes for a bad blinded point, ≈ 40× less CPU.
|
| `@chainsafe/blst` 2.x (napi-rs) has no arbitrary point × scalar, so this uses the SWIG bindings
| of the same library as published in its 0.2.x line (installed as the alias
| `@chainsafe/blst-swig`, with a prebuilt binary for each Node ABI inside the package). Their
| `P2.mult` is `blst_p2_mult`: given a 32-byte scalar it runs the GLS-endomorphism ladder with
| constant-time table lookups, whatever the scalar's value — what a secret scalar needs (noble's
| `multiplyUnsafe` would leak it through timing). The scalar's byte copy is zeroed after use.
*/

type NativeG2Affine = InstanceType<typeof blst.P2_Affine>

const NOT_ON_CURVE = 'BLST_ERROR: point is not on curve'

/** A blinded point that passed every check (`parseBlindedNative`); opaque. */
export class NativeBlindedPoint {
  /** @internal */
  constructor(readonly point: NativeG2Affine) {}
}

/**
 * Parses and validates a blinded point from a request, natively: throws `InvalidPointError` with
 * the codes of `parseBlinded` (`bad_length` | `bad_encoding` | `not_on_curve` | `not_in_subgroup`
 * | `identity`).
 */
export function parseBlindedNative(blinded: BytesLike): NativeBlindedPoint {
  const bytes = blindedBytes(blinded)
  let point: NativeG2Affine
  try {
    // blst_p2_deserialize: compressed flag, canonical infinity, x < p, x³ + b a square.
    point = new blst.P2_Affine(bytes)
  } catch (error) {
    if (error instanceof Error && error.message === NOT_ON_CURVE) {
      throw new InvalidPointError('not_on_curve', 'blinded point: not on the curve')
    }
    throw new InvalidPointError('bad_encoding', 'blinded point: malformed encoding')
  }
  if (point.is_inf()) {
    throw new InvalidPointError('identity', 'blinded point: the identity point is not allowed')
  }
  if (!point.in_group()) {
    throw new InvalidPointError('not_in_subgroup', 'blinded point: not in the prime-order subgroup')
  }
  return new NativeBlindedPoint(point)
}

/**
 * Registrar side, natively: `S' = sk·B` as hex — byte for byte `signBlinded(secretKey, blinded)`.
 * `blinded` is parsed first unless it already was.
 */
export function signBlindedNative(
  registrarSecretKey: BytesLike,
  blinded: NativeBlindedPoint | BytesLike
): string {
  const point = blinded instanceof NativeBlindedPoint ? blinded : parseBlindedNative(blinded)
  const secret = toBytes(registrarSecretKey, 32, 'registrar secret key')
  parseSecretKey(secret) // in [1, n), as the pure-JS path demands
  // blst takes scalars little-endian; always all 32 bytes, so the ladder never depends on the value.
  const scalar = secret.slice().reverse()
  try {
    return bytesToHex(point.point.to_jacobian().mult(scalar).compress())
  } finally {
    scalar.fill(0)
  }
}
