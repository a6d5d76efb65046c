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
import { createRequire } from 'node:module';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@civic-budget/protocol/bytes';
import { popProve as protocolPopProve, verifyPop as protocolVerifyPop, } from '@civic-budget/protocol/credential';
const require = createRequire(import.meta.url);
export const DST_SIG = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
export const DST_POP = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
export const SECRET_KEY_BYTES = 32;
export const PUBLIC_KEY_BYTES = 48;
export const SIGNATURE_BYTES = 96;
/** The curve order r of BLS12-381. */
const CURVE_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
// ---------------------------------------------------------------------------------------------------------
// Key generation (IETF draft-irtf-cfrg-bls-signature §2.3 KeyGen, the same as blst's `fromKeygen`).
export function keygen(ikm, keyInfo = new Uint8Array(0)) {
    if (ikm.length < 32)
        throw new Error('keygen: ikm must be at least 32 bytes');
    let salt = new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');
    const L = 48;
    const info = new Uint8Array(keyInfo.length + 2);
    info.set(keyInfo, 0);
    info[keyInfo.length] = 0;
    info[keyInfo.length + 1] = L;
    const ikmZ = new Uint8Array(ikm.length + 1);
    ikmZ.set(ikm, 0);
    for (;;) {
        salt = sha256(salt);
        const okm = hkdf(sha256, ikmZ, salt, info, L);
        let x = 0n;
        for (const b of okm)
            x = (x << 8n) | BigInt(b);
        const sk = x % CURVE_ORDER;
        if (sk !== 0n) {
            const out = new Uint8Array(SECRET_KEY_BYTES);
            let v = sk;
            for (let i = SECRET_KEY_BYTES - 1; i >= 0; i--) {
                out[i] = Number(v & 0xffn);
                v >>= 8n;
            }
            return out;
        }
    }
}
// ---------------------------------------------------------------------------------------------------------
// noble backend (pure JS)
const nb = bls12_381.longSignatures;
function nobleHash(msg, dst = DST_SIG) {
    return nb.hash(msg, dst);
}
export const nobleBackend = {
    name: 'noble',
    publicKey(sk) {
        return nb.getPublicKey(sk).toBytes(true);
    },
    sign(sk, msg) {
        return nb.Signature.toBytes(nb.sign(nobleHash(msg), sk));
    },
    verify(pk, msg, sig) {
        try {
            return nb.verify(nb.Signature.fromBytes(sig), nobleHash(msg), pk);
        }
        catch {
            return false;
        }
    },
    aggregateSignatures(sigs) {
        if (sigs.length === 0)
            throw new Error('aggregateSignatures: empty');
        return nb.Signature.toBytes(nb.aggregateSignatures(sigs.map((s) => nb.Signature.fromBytes(s))));
    },
    aggregatePublicKeys(pks) {
        if (pks.length === 0)
            throw new Error('aggregatePublicKeys: empty');
        return nb.aggregatePublicKeys(pks).toBytes(true);
    },
    fastAggregateVerify(msg, pks, sig) {
        try {
            if (pks.length === 0)
                return false;
            const apk = nb.aggregatePublicKeys(pks);
            return nb.verify(nb.Signature.fromBytes(sig), nobleHash(msg), apk);
        }
        catch {
            return false;
        }
    },
    aggregateVerify(msgs, pks, sig) {
        try {
            if (msgs.length === 0 || msgs.length !== pks.length)
                return false;
            return nb.verifyBatch(nb.Signature.fromBytes(sig), msgs.map((m, i) => ({ message: nobleHash(m), publicKey: pks[i] })));
        }
        catch {
            return false;
        }
    },
    verifyBatch(sets) {
        // The pure-JS path verifies one by one (correct, slower).
        return sets.every((s) => nobleBackend.verify(s.pk, s.msg, s.sig));
    },
    validPublicKey(pk) {
        try {
            if (pk.length !== PUBLIC_KEY_BYTES)
                return false;
            const p = bls12_381.G1.Point.fromBytes(pk);
            p.assertValidity();
            return !p.is0();
        }
        catch {
            return false;
        }
    },
};
function loadBlst() {
    if (process.env.LEDGER_BLS_BACKEND === 'noble')
        return null;
    try {
        return require('@chainsafe/blst');
    }
    catch {
        return null;
    }
}
const blst = loadBlst();
/** Parsed, validated public keys are cached: replica keys are few and verified very often. */
const pkCache = new Map();
const PK_CACHE_MAX = 4096;
function makeBlstBackend(b) {
    const pkObj = (pk) => {
        const key = Buffer.from(pk.buffer, pk.byteOffset, pk.byteLength).toString('hex');
        const hit = pkCache.get(key);
        if (hit)
            return hit;
        const p = b.PublicKey.fromBytes(pk, true);
        if (pkCache.size >= PK_CACHE_MAX)
            pkCache.clear();
        pkCache.set(key, p);
        return p;
    };
    const sigObj = (sig) => b.Signature.fromBytes(sig, true);
    return {
        name: 'blst',
        publicKey(sk) {
            return b.SecretKey.fromBytes(sk).toPublicKey().toBytes(true);
        },
        sign(sk, msg) {
            return b.SecretKey.fromBytes(sk).sign(msg).toBytes(true);
        },
        verify(pk, msg, sig) {
            try {
                if (pk.length !== PUBLIC_KEY_BYTES || sig.length !== SIGNATURE_BYTES)
                    return false;
                return b.verify(msg, pkObj(pk), sigObj(sig));
            }
            catch {
                return false;
            }
        },
        aggregateSignatures(sigs) {
            if (sigs.length === 0)
                throw new Error('aggregateSignatures: empty');
            return b.aggregateSerializedSignatures(sigs, true).toBytes(true);
        },
        aggregatePublicKeys(pks) {
            if (pks.length === 0)
                throw new Error('aggregatePublicKeys: empty');
            return b.aggregatePublicKeys(pks.map(pkObj)).toBytes(true);
        },
        fastAggregateVerify(msg, pks, sig) {
            try {
                if (pks.length === 0 || sig.length !== SIGNATURE_BYTES)
                    return false;
                return b.fastAggregateVerify(msg, pks.map(pkObj), sigObj(sig));
            }
            catch {
                return false;
            }
        },
        aggregateVerify(msgs, pks, sig) {
            try {
                if (msgs.length === 0 || msgs.length !== pks.length || sig.length !== SIGNATURE_BYTES)
                    return false;
                return b.aggregateVerify(msgs, pks.map(pkObj), sigObj(sig));
            }
            catch {
                return false;
            }
        },
        verifyBatch(sets) {
            try {
                if (sets.length === 0)
                    return true;
                if (sets.length === 1)
                    return this.verify(sets[0].pk, sets[0].msg, sets[0].sig);
                return b.verifyMultipleAggregateSignatures(sets.map((s) => ({ msg: s.msg, pk: pkObj(s.pk), sig: sigObj(s.sig) })), false, false);
            }
            catch {
                return false;
            }
        },
        validPublicKey(pk) {
            try {
                if (pk.length !== PUBLIC_KEY_BYTES)
                    return false;
                pkObj(pk);
                return true;
            }
            catch {
                return false;
            }
        },
    };
}
export const blstBackend = blst ? makeBlstBackend(blst) : null;
/** The backend used by default: blst when it loads, noble otherwise. */
export const bls = blstBackend ?? nobleBackend;
// ---------------------------------------------------------------------------------------------------------
// Proof of possession: the protocol package's (IETF POP ciphersuite, pure JS: blst's binding has a fixed
// DST), the same code the app uses for registrar keys.
export function popProve(sk) {
    return hexToBytes(protocolPopProve(sk));
}
export function popVerify(pk, pop) {
    return protocolVerifyPop(pk, pop);
}
// ---------------------------------------------------------------------------------------------------------
// Quorum signatures (QCs, timeout certificates, commit certificates)
/** Signer indices from a bitmap (bit i of byte i>>3, least significant bit first). */
export function bitmapToIndices(bitmap) {
    const out = [];
    for (let i = 0; i < bitmap.length * 8; i++)
        if ((bitmap[i >> 3] >> (i & 7)) & 1)
            out.push(i);
    return out;
}
export function indicesToBitmap(indices, n) {
    const out = new Uint8Array(Math.ceil(n / 8));
    for (const i of indices) {
        if (!Number.isInteger(i) || i < 0 || i >= n)
            throw new Error(`signer index out of range: ${i}`);
        out[i >> 3] |= 1 << (i & 7);
    }
    return out;
}
/**
 * Checks an aggregate signature by `signers` (indices into `publicKeys`) on `msg`: at least `quorum`
 * distinct, in-range signers and a valid aggregate signature.
 */
export function verifyQuorum(msg, signers, signature, publicKeys, quorum, backend = bls) {
    const seen = new Set();
    for (const i of signers) {
        if (!Number.isInteger(i) || i < 0 || i >= publicKeys.length)
            return { ok: false, reason: `signer index ${i} out of range` };
        if (seen.has(i))
            return { ok: false, reason: `signer index ${i} repeated` };
        seen.add(i);
    }
    if (seen.size < quorum)
        return { ok: false, reason: `only ${seen.size} signers, quorum is ${quorum}` };
    if (signature.length !== SIGNATURE_BYTES)
        return { ok: false, reason: 'signature must be 96 bytes' };
    const pks = [...seen].map((i) => publicKeys[i]);
    if (!backend.fastAggregateVerify(msg, pks, signature))
        return { ok: false, reason: 'aggregate signature does not verify' };
    return { ok: true };
}
//# sourceMappingURL=bls.js.map