/**
 * Civic Budget wire protocol v1 (see /work/shared/design/protocol.md): isomorphic client library used by
 * the voting page, kiosks and the server.
 */
export * from './errors.js'
export * from './encoding.js'
export {
  BLS_DST,
  CURVE_ORDER,
  encodeG1,
  encodeG2,
  G1_BYTES,
  G2_BYTES,
  hashToG2,
  parseG1,
  parseG2,
  publicKeyOf,
  randomScalar,
} from './bls.js'
export * from './credential.js'
export * from './ballot.js'
export * from './merkle.js'
export * from './receipt.js'
export * from './rules.js'
export * from './genesis_fingerprint.js'
