/**
 * The voting page's cryptography, loaded on demand (dynamic import: BLS12-381, Ed25519, CBOR are
 * most of the page's weight and needed only once the resident casts the ballot).
 *
 * Voter key: WebCrypto Ed25519 where the browser has it, as a NON-extractable CryptoKey (stored in
 * IndexedDB as is: the secret never exists as bytes in page memory); else `@noble/curves` with the
 * seed kept in IndexedDB until the receipt arrives. Every signature is checked with the protocol
 * library before it is used, so both paths produce what a replica accepts.
 */
import {
  ballotHash,
  ballotSigningMessage,
  decodeBallot,
  encodeBallot,
  generateVoterKey,
  signBallot,
  verifyBallotSignature,
} from '@civic-budget/protocol/ballot'
import { blind, finishCredential } from '@civic-budget/protocol/credential'
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import {
  decodeEncryptedBallot,
  encodeEncryptedBallot,
  encryptChoices,
} from '@civic-budget/protocol/encrypted_ballot'
import { parsePoint } from '@civic-budget/protocol/ristretto'
import type { BallotEncryption, Choice, VoteCrypto } from './vote_flow.js'

/**
 * Ballot v2 bytes: the choices padded to the campaign's length and encrypted to its election key,
 * with the proof that binds the ciphertext to this campaign and voter key (protocol.md "Threshold
 * encryption"). The step `bench/encrypt_page.js` measures.
 */
export function encryptedBallotBytes(
  campaignId: number,
  choices: Choice[],
  voterKey: string,
  credential: string,
  encryption: BallotEncryption
): Uint8Array {
  const voter = hexToBytes(voterKey, 32)
  const context = {
    campaignId,
    electionKey: parsePoint(hexToBytes(encryption.electionKey, 32), 'electionKey'),
    paddedLength: encryption.paddedLength,
  }
  return encodeEncryptedBallot({
    campaignId,
    encrypted: encryptChoices(context, voter, choices),
    voterKey: voter,
    credential: hexToBytes(credential, 96),
  })
}

/** The voter key inside ballot bytes of either version. */
function voterKeyOf(bytes: Uint8Array): Uint8Array {
  const encrypted = decodeEncryptedBallot(bytes)
  return encrypted.ok ? encrypted.value.voterKey : decodeBallot(bytes).voterKey
}

type VoterSecret = { kind: 'webcrypto'; key: CryptoKey } | { kind: 'seed'; seed: string }

async function webCryptoKey(): Promise<{ publicKey: string; secret: VoterSecret } | null> {
  try {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
    return { publicKey: bytesToHex(raw), secret: { kind: 'webcrypto', key: pair.privateKey } }
  } catch {
    return null // no Ed25519 in this browser's WebCrypto
  }
}

export function makeVoteCrypto(options: { webCrypto?: boolean } = {}): VoteCrypto {
  return {
    async newVoterKey() {
      const native = options.webCrypto === false ? null : await webCryptoKey()
      if (native) return native
      const { secretKey, publicKey } = generateVoterKey()
      return {
        publicKey: bytesToHex(publicKey),
        secret: { kind: 'seed', seed: bytesToHex(secretKey) },
      }
    },

    blind(campaignId, voterKey) {
      const { blinded, r } = blind(campaignId, voterKey)
      return { blinded, r: r.toString(16) }
    },

    finishCredential(registrarKey, campaignId, voterKey, blindSignature, r) {
      return finishCredential(registrarKey, campaignId, voterKey, blindSignature, BigInt(`0x${r}`))
    },

    buildBallot(campaignId, choices, voterKey, credential, encryption) {
      const bytes = encryption
        ? encryptedBallotBytes(campaignId, choices, voterKey, credential, encryption)
        : encodeBallot({ campaignId, choices, voterKey, credential })
      return { ballot: bytesToBase64(bytes), ballotHash: ballotHash(bytes) }
    },

    async sign(secret, ballot) {
      const s = secret as VoterSecret
      const bytes = base64ToBytes(ballot)
      const signature =
        s.kind === 'webcrypto'
          ? new Uint8Array(
              await crypto.subtle.sign({ name: 'Ed25519' }, s.key, ballotSigningMessage(bytes))
            )
          : signBallot(hexToBytes(s.seed, 32), bytes)
      if (!verifyBallotSignature(voterKeyOf(bytes), bytes, signature)) {
        throw new Error('the ballot signature does not verify')
      }
      return bytesToBase64(signature)
    },
  }
}
