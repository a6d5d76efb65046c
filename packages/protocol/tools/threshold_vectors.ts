/**
 * `test/vectors/threshold.json`: the bytes of the threshold-encryption scenario
 * (test/threshold_scenario.ts) and records the strict decoders refuse, with their error codes.
 */
import { bytesToHex, concatBytes } from '../src/bytes.js'
import { cborDecode, cborEncode, type CborValue } from '../src/cbor.js'
import { encodeComplaint, encodeDealing, encodeTrusteeKey } from '../src/dkg.js'
import { encodeDecryptionShareBatch } from '../src/decryption.js'
import { GROUP_ORDER, scalarToBytes } from '../src/ristretto.js'
import {
  SCENARIO_CHOICES,
  SCENARIO_PROJECTS,
  thresholdScenario,
} from '../test/threshold_scenario.js'

const hex = bytesToHex

/** The record decoded as CBOR, changed by `edit`, encoded again. */
function edited(bytes: Uint8Array, edit: (value: CborValue[]) => void): string {
  const value = cborDecode(bytes) as CborValue[]
  edit(value)
  return hex(cborEncode(value))
}

const littleEndian = (n: bigint) => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}

export function writeThresholdVectors(write: (name: string, value: unknown) => void): void {
  const s = thresholdScenario()
  const ballot = s.ballotBytes[0]
  const dealing = encodeDealing(s.dealings[0])
  const complaint = encodeComplaint(s.complaint)
  const trusteeKey = encodeTrusteeKey(s.trustees[0].record)
  const batch = encodeDecryptionShareBatch(s.batches[0])
  const proof = s.ballots[0].encrypted.proof
  const identity = new Uint8Array(32)
  const refused = [
    {
      decoder: 'encryptedBallot',
      why: 'identity ephemeral',
      hex: edited(ballot, (v) => ((v[2] as CborValue[])[0] = identity)),
      code: 'identity_point',
    },
    {
      decoder: 'encryptedBallot',
      why: 'ephemeral not a ristretto255 encoding',
      hex: edited(ballot, (v) => ((v[2] as CborValue[])[0] = new Uint8Array(32).fill(0xff))),
      code: 'bad_point',
    },
    {
      decoder: 'encryptedBallot',
      why: 'proof response s + L (non-canonical scalar)',
      hex: edited(ballot, (v) => {
        let response = 0n
        for (let i = 63; i >= 32; i--) response = (response << 8n) | BigInt(proof[i])
        ;(v[2] as CborValue[])[2] = concatBytes(
          proof.subarray(0, 32),
          littleEndian(response + GROUP_ORDER)
        )
      }),
      code: 'bad_scalar',
    },
    {
      decoder: 'encryptedBallot',
      why: 'proof commitment A is the identity',
      hex: edited(ballot, (v) => {
        ;(v[2] as CborValue[])[2] = concatBytes(identity, proof.subarray(32))
      }),
      code: 'identity_point',
    },
    {
      decoder: 'encryptedBallot',
      why: 'version 1',
      hex: edited(ballot, (v) => (v[0] = 1)),
      code: 'bad_version',
    },
    {
      decoder: 'encryptedBallot',
      why: 'a trailing byte',
      hex: hex(concatBytes(ballot, new Uint8Array([0]))),
      code: 'cbor_malformed',
    },
    {
      decoder: 'encryptedBallot',
      why: 'campaign id in a two-byte head',
      hex: hex(concatBytes(new Uint8Array([0x85, 0x02, 0x18, 0x07]), ballot.subarray(3))),
      code: 'cbor_malformed',
    },
    {
      decoder: 'dealing',
      why: 'no commitments',
      hex: edited(dealing, (v) => (v[3] = [])),
      code: 'malformed',
    },
    {
      decoder: 'dealing',
      why: 'dealer 0',
      hex: edited(dealing, (v) => (v[2] = 0)),
      code: 'malformed',
    },
    {
      decoder: 'dealing',
      why: 'a 47-byte box',
      hex: edited(dealing, (v) => {
        const share = (v[5] as CborValue[][])[1]
        share[1] = (share[1] as Uint8Array).subarray(1)
      }),
      code: 'malformed',
    },
    {
      decoder: 'complaint',
      why: 'identity revealed point',
      hex: edited(complaint, (v) => (v[4] = identity)),
      code: 'identity_point',
    },
    {
      decoder: 'trusteeKey',
      why: 'proof response ≥ L',
      hex: edited(trusteeKey, (v) => {
        v[4] = concatBytes((v[4] as Uint8Array).subarray(0, 32), new Uint8Array(32).fill(0xff))
      }),
      code: 'bad_scalar',
    },
    {
      decoder: 'decryptionShares',
      why: 'no shares',
      hex: edited(batch, (v) => (v[4] = [])),
      code: 'malformed',
    },
    {
      decoder: 'decryptionShares',
      why: 'identity A1',
      hex: edited(batch, (v) => {
        const share = ((v[4] as Uint8Array[])[0] as Uint8Array).slice()
        share.fill(0, 32, 64)
        ;(v[4] as Uint8Array[])[0] = share
      }),
      code: 'identity_point',
    },
  ]
  write('threshold', {
    campaignId: s.params.campaignId,
    threshold: s.params.threshold,
    trustees: s.trustees.map((t) => ({
      index: t.record.index,
      ceremonySecret: hex(scalarToBytes(t.secret)),
      record: hex(encodeTrusteeKey(t.record)),
    })),
    dealings: s.dealings.map((d) => hex(encodeDealing(d))),
    complaint: { bytes: hex(complaint), verdict: 'dealer_at_fault' },
    result: {
      qualified: s.result.qualified,
      excluded: s.result.excluded,
      absent: s.result.absent,
      electionKey: hex(s.result.electionKey.toBytes()),
      publicShares: s.result.publicShares.map((p) => hex(p.toBytes())),
    },
    projects: SCENARIO_PROJECTS,
    paddedLength: s.context.paddedLength,
    ballots: s.ballots.map((b, v) => ({
      choices: SCENARIO_CHOICES[v],
      voterSecretKey: hex(s.voters[v].secretKey),
      bytes: hex(s.ballotBytes[v]),
      signature: hex(s.signatures[v]),
    })),
    shareBatches: s.batches.map((b) => ({
      trustee: b.trustee,
      bytes: hex(encodeDecryptionShareBatch(b)),
    })),
    refused,
  })
}
