/**
 * Civic Budget wire protocol v1 (docs: packages/protocol/README.md): the whole isomorphic library in
 * one import, for servers and tools. Pages import the subpaths they use (`@civic-budget/protocol/ballot`…)
 * so their bundles stay small.
 */
export * from './errors.js'
export * from './bytes.js'
export * from './cbor.js'
export * from './hash.js'
export * from './tags.js'
export * from './limits.js'
export * from './rejections.js'
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
export * from './block.js'
export * from './receipt.js'
export * from './rules.js'
export * from './genesis_fingerprint.js'
export * from './tx.js'
export {
  GROUP_ORDER,
  parsePoint,
  parseScalar,
  POINT_BYTES,
  PROOF_BYTES,
  RistrettoPoint,
  type Rng,
} from './ristretto.js'
export * from './decoded.js'
export * from './dkg.js'
export * from './encrypted_ballot.js'
export * from './decryption.js'
