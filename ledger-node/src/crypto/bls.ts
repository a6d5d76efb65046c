// BLS12-381, minimal-pubkey-size (Ethereum convention): public keys in G1 (48 bytes compressed), signatures
// in G2 (96 bytes compressed), hash-to-curve DST `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`
// (protocol.md "Keys and signatures"). Proofs of possession follow the IETF draft (PopProve/PopVerify with
// DST `BLS_POP_…`, message = the 48-byte compressed public key).
//
// Two backends produce the same bytes: `@chainsafe/blst` (native, the server fast path) and `@noble/curves`
// (pure JS, the fallback; used also for proofs of possession because blst's JS binding has no custom DST).
//
// Invariants:
// - every function returns canonical compressed encodings (pk 48 B, sig 96 B, sk 32 B big-endian);
// - verification never throws on malformed input: it returns false;
// - a quorum signature is accepted only with ≥ quorum distinct, in-range signer indices.
import { createRequire } from 'node:module'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import {
  popProve as protocolPopProve,
  verifyPop as protocolVerifyPop,
} from '@civic-budget/protocol/credential'

const require = createRequire(import.meta.url)

export const DST_SIG = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
export const DST_POP = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
export const SECRET_KEY_BYTES = 32
export const PUBLIC_KEY_BYTES = 48
export const SIGNATURE_BYTES = 96

/** The curve order r of BLS12-381. */
const CURVE_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n

export interface SignatureSet {
  msg: Uint8Array
  pk: Uint8Array
  sig: Uint8Array
}

export interface BlsBackend {
  readonly name: 'blst' | 'noble'
  publicKey(sk: Uint8Array): Uint8Array
  sign(sk: Uint8Array, msg: Uint8Array): Uint8Array
  verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean
  aggregateSignatures(sigs: Uint8Array[]): Uint8Array
  aggregatePublicKeys(pks: Uint8Array[]): Uint8Array
  /** Same message, many signers (their keys must have proofs of possession). */
  fastAggregateVerify(msg: Uint8Array, pks: Uint8Array[], sig: Uint8Array): boolean
  /** One aggregate signature over distinct messages, message i signed by the key pks[i]. */
  aggregateVerify(msgs: Uint8Array[], pks: Uint8Array[], sig: Uint8Array): boolean
  /** Many independent (msg, pk, sig) sets in one randomized check; false if any set is invalid. */
  verifyBatch(sets: SignatureSet[]): boolean
  /** Validates a public key: on curve, in the subgroup, not the identity. */
  validPublicKey(pk: Uint8Array): boolean
}

// ---------------------------------------------------------------------------------------------------------
// Key generation (IETF draft-irtf-cfrg-bls-signature §2.3 KeyGen, the same as blst's `fromKeygen`).

export function keygen(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (ikm.length < 32) throw new Error('keygen: ikm must be at least 32 bytes')
  let salt: Uint8Array = new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-')
  const L = 48
  const info = new Uint8Array(keyInfo.length + 2)
  info.set(keyInfo, 0)
  info[keyInfo.length] = 0
  info[keyInfo.length + 1] = L
  const ikmZ = new Uint8Array(ikm.length + 1)
  ikmZ.set(ikm, 0)
  for (;;) {
    salt = sha256(salt)
    const okm = hkdf(sha256, ikmZ, salt, info, L)
    let x = 0n
    for (const b of okm) x = (x << 8n) | BigInt(b)
    const sk = x % CURVE_ORDER
    if (sk !== 0n) {
      const out = new Uint8Array(SECRET_KEY_BYTES)
      let v = sk
      for (let i = SECRET_KEY_BYTES - 1; i >= 0; i--) {
        out[i] = Number(v & 0xffn)
        v >>= 8n
      }
      return out
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// noble backend (pure JS)

const nb = bls12_381.longSignatures

function nobleHash(msg: Uint8Array, dst: string = DST_SIG) {
  return nb.hash(msg, dst)
}

export const nobleBackend: BlsBackend = {
  name: 'noble',
  publicKey(sk) {
    return nb.getPublicKey(sk).toBytes(true)
  },
  sign(sk, msg) {
    return nb.Signature.toBytes(nb.sign(nobleHash(msg), sk))
  },
  verify(pk, msg, sig) {
    try {
      return nb.verify(nb.Signature.fromBytes(sig), nobleHash(msg), pk)
    } catch {
      return false
    }
  },
  aggregateSignatures(sigs) {
    if (sigs.length === 0) throw new Error('aggregateSignatures: empty')
    return nb.Signature.toBytes(nb.aggregateSignatures(sigs.map((s) => nb.Signature.fromBytes(s))))
  },
  aggregatePublicKeys(pks) {
    if (pks.length === 0) throw new Error('aggregatePublicKeys: empty')
    return nb.aggregatePublicKeys(pks).toBytes(true)
  },
  fastAggregateVerify(msg, pks, sig) {
    try {
      if (pks.length === 0) return false
      const apk = nb.aggregatePublicKeys(pks)
      return nb.verify(nb.Signature.fromBytes(sig), nobleHash(msg), apk)
    } catch {
      return false
    }
  },
  aggregateVerify(msgs, pks, sig) {
    try {
      if (msgs.length === 0 || msgs.length !== pks.length) return false
      return nb.verifyBatch(
        nb.Signature.fromBytes(sig),
        msgs.map((m, i) => ({ message: nobleHash(m), publicKey: pks[i]! }))
      )
    } catch {
      return false
    }
  },
  verifyBatch(sets) {
    // The pure-JS path verifies one by one (correct, slower).
    return sets.every((s) => nobleBackend.verify(s.pk, s.msg, s.sig))
  },
  validPublicKey(pk) {
    try {
      if (pk.length !== PUBLIC_KEY_BYTES) return false
      const p = bls12_381.G1.Point.fromBytes(pk)
      p.assertValidity()
      return !p.is0()
    } catch {
      return false
    }
  },
}

// ---------------------------------------------------------------------------------------------------------
// blst backend (native)

type Blst = typeof import('@chainsafe/blst')

function loadBlst(): Blst | null {
  if (process.env.LEDGER_BLS_BACKEND === 'noble') return null
  try {
    return require('@chainsafe/blst') as Blst
  } catch {
    return null
  }
}

const blst = loadBlst()

/** Parsed, validated public keys are cached: replica keys are few and verified very often. */
const pkCache = new Map<string, unknown>()
const PK_CACHE_MAX = 4096

function makeBlstBackend(b: Blst): BlsBackend {
  const pkObj = (pk: Uint8Array): InstanceType<Blst['PublicKey']> => {
    const key = Buffer.from(pk.buffer, pk.byteOffset, pk.byteLength).toString('hex')
    const hit = pkCache.get(key) as InstanceType<Blst['PublicKey']> | undefined
    if (hit) return hit
    const p = b.PublicKey.fromBytes(pk, true)
    if (pkCache.size >= PK_CACHE_MAX) pkCache.clear()
    pkCache.set(key, p)
    return p
  }
  const sigObj = (sig: Uint8Array) => b.Signature.fromBytes(sig, true)
  return {
    name: 'blst',
    publicKey(sk) {
      return b.SecretKey.fromBytes(sk).toPublicKey().toBytes(true)
    },
    sign(sk, msg) {
      return b.SecretKey.fromBytes(sk).sign(msg).toBytes(true)
    },
    verify(pk, msg, sig) {
      try {
        if (pk.length !== PUBLIC_KEY_BYTES || sig.length !== SIGNATURE_BYTES) return false
        return b.verify(msg, pkObj(pk), sigObj(sig))
      } catch {
        return false
      }
    },
    aggregateSignatures(sigs) {
      if (sigs.length === 0) throw new Error('aggregateSignatures: empty')
      return b.aggregateSerializedSignatures(sigs, true).toBytes(true)
    },
    aggregatePublicKeys(pks) {
      if (pks.length === 0) throw new Error('aggregatePublicKeys: empty')
      return b.aggregatePublicKeys(pks.map(pkObj)).toBytes(true)
    },
    fastAggregateVerify(msg, pks, sig) {
      try {
        if (pks.length === 0 || sig.length !== SIGNATURE_BYTES) return false
        return b.fastAggregateVerify(msg, pks.map(pkObj), sigObj(sig))
      } catch {
        return false
      }
    },
    aggregateVerify(msgs, pks, sig) {
      try {
        if (msgs.length === 0 || msgs.length !== pks.length || sig.length !== SIGNATURE_BYTES)
          return false
        return b.aggregateVerify(msgs, pks.map(pkObj), sigObj(sig))
      } catch {
        return false
      }
    },
    verifyBatch(sets) {
      try {
        if (sets.length === 0) return true
        if (sets.length === 1) return this.verify(sets[0]!.pk, sets[0]!.msg, sets[0]!.sig)
        return b.verifyMultipleAggregateSignatures(
          sets.map((s) => ({ msg: s.msg, pk: pkObj(s.pk), sig: sigObj(s.sig) })),
          false,
          false
        )
      } catch {
        return false
      }
    },
    validPublicKey(pk) {
      try {
        if (pk.length !== PUBLIC_KEY_BYTES) return false
        pkObj(pk)
        return true
      } catch {
        return false
      }
    },
  }
}

export const blstBackend: BlsBackend | null = blst ? makeBlstBackend(blst) : null

/** The backend used by default: blst when it loads, noble otherwise. */
export const bls: BlsBackend = blstBackend ?? nobleBackend

// ---------------------------------------------------------------------------------------------------------
// Proof of possession: the protocol package's (IETF POP ciphersuite, pure JS: blst's binding has a fixed
// DST), the same code the app uses for registrar keys.

export function popProve(sk: Uint8Array): Uint8Array {
  return hexToBytes(protocolPopProve(sk))
}

export function popVerify(pk: Uint8Array, pop: Uint8Array): boolean {
  return protocolVerifyPop(pk, pop)
}

// ---------------------------------------------------------------------------------------------------------
// Quorum signatures (QCs, timeout certificates, commit certificates)

/** Signer indices from a bitmap (bit i of byte i>>3, least significant bit first). */
export function bitmapToIndices(bitmap: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < bitmap.length * 8; i++) if ((bitmap[i >> 3]! >> (i & 7)) & 1) out.push(i)
  return out
}

export function indicesToBitmap(indices: readonly number[], n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 8))
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`signer index out of range: ${i}`)
    out[i >> 3]! |= 1 << (i & 7)
  }
  return out
}

export type QuorumCheck = { ok: true } | { ok: false; reason: string }

/**
 * Checks an aggregate signature by `signers` (indices into `publicKeys`) on `msg`: at least `quorum`
 * distinct, in-range signers and a valid aggregate signature.
 */
export function verifyQuorum(
  msg: Uint8Array,
  signers: readonly number[],
  signature: Uint8Array,
  publicKeys: readonly Uint8Array[],
  quorum: number,
  backend: BlsBackend = bls
): QuorumCheck {
  const seen = new Set<number>()
  for (const i of signers) {
    if (!Number.isInteger(i) || i < 0 || i >= publicKeys.length)
      return { ok: false, reason: `signer index ${i} out of range` }
    if (seen.has(i)) return { ok: false, reason: `signer index ${i} repeated` }
    seen.add(i)
  }
  if (seen.size < quorum)
    return { ok: false, reason: `only ${seen.size} signers, quorum is ${quorum}` }
  if (signature.length !== SIGNATURE_BYTES)
    return { ok: false, reason: 'signature must be 96 bytes' }
  const pks = [...seen].map((i) => publicKeys[i]!)
  if (!backend.fastAggregateVerify(msg, pks, signature))
    return { ok: false, reason: 'aggregate signature does not verify' }
  return { ok: true }
}
