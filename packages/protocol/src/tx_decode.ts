import { bytesToHex } from './bytes.js'
import { decodeBallotTx, type Ballot } from './ballot.js'
import { decodePbTx, type PbTx, type RecordPayload as PbRecordPayload } from './pb.js'
import type { CampaignDefinition, PaperBatch, RecordKind } from './tx.js'
import type { EncryptedBallot } from './encrypted_ballot.js'
import type { ThresholdRecord } from './threshold_records.js'

/*
| Decoding of every `pb` tx kind (ledger-node/README.md "Transaction payloads") into one tagged
| union, for the ledger projection and the audit command: the replicas' decoder (`pb.ts`), so what
| they refuse as malformed never decodes here. Signatures are NOT verified here (the replicas did;
| an auditor checks them with the messages in `@civic-budget/protocol/tx`).
*/
export type RecordPayload =
  | {
      kind: 'support'
      campaignId: number
      ideaId: number
      supporterHash: string
      atMs: number
      action: 'sign' | 'withdraw'
    }
  | {
      kind: 'attachment'
      campaignId: number
      ideaId: number
      sha256: string
      byteSize: number
      mediaType: string
    }
  | {
      kind: 'credentials-issued'
      campaignId: number
      asOfMs: number
      total: number
      communities: { communityId: number; total: number }[]
    }
  | {
      kind: 'outcome'
      campaignId: number
      rule: string
      tallyHash: string
      winners: { potId: number; projectIds: number[] }[]
      override: string
    }
  | { kind: 'voting-closed'; campaignId: number }
  | ThresholdRecord

export type LedgerTx =
  | { kind: 'ballot'; ballotBytes: Uint8Array; ballot: Ballot; signature: Uint8Array }
  | {
      kind: 'encrypted-ballot'
      ballotBytes: Uint8Array
      ballot: EncryptedBallot
      signature: Uint8Array
    }
  | {
      kind: 'campaign'
      campaignBytes: Uint8Array
      campaign: CampaignDefinition
      adminKey: Uint8Array
      signature: Uint8Array
    }
  | {
      kind: RecordKind
      payloadBytes: Uint8Array
      record: RecordPayload
      adminKey: Uint8Array
      signature: Uint8Array
    }
  | {
      kind: 'paper-batch'
      batchBytes: Uint8Array
      batch: PaperBatch
      operatorKey: Uint8Array
      operatorSignature: Uint8Array
      adminKey: Uint8Array
      adminSignature: Uint8Array
    }

/** A tx the replicas would refuse as malformed (the decoder's reason as the message). */
export class LedgerTxError extends Error {}

/*
| The view of the replicas' own decoder (`pb.ts`: the same shapes, limits and canonical checks), with
| keys and digests as hex and one kind per record, for the projection and the audit.
*/
function recordView(record: PbRecordPayload): RecordPayload {
  switch (record.kind) {
    case 'support':
      return { ...record, supporterHash: bytesToHex(record.supporterHash) }
    case 'attachment':
      return { ...record, sha256: bytesToHex(record.sha256) }
    case 'credentials-issued':
      return record
    case 'outcome':
      return { ...record, tallyHash: bytesToHex(record.tallyHash) }
    default:
      return record
  }
}

export interface CampaignTx {
  definition: CampaignDefinition
  campaignBytes: Uint8Array
  adminKey: Uint8Array
  signature: Uint8Array
}

/** A campaign tx (shape only: signatures are the caller's to check); throws LedgerTxError otherwise. */
export function decodeCampaignTx(txBytes: Uint8Array): CampaignTx {
  const tx = decodeLedgerTx(txBytes)
  if (tx.kind !== 'campaign') throw new LedgerTxError('not a campaign tx')
  const { campaign: definition, campaignBytes, adminKey, signature } = tx
  return { definition, campaignBytes, adminKey, signature }
}

/** Decodes tx bytes of any `pb` kind; throws LedgerTxError on anything the replicas refuse as malformed. */
export function decodeLedgerTx(txBytes: Uint8Array): LedgerTx {
  let tx: PbTx
  try {
    tx = decodePbTx(txBytes)
  } catch (error) {
    throw new LedgerTxError((error as Error).message)
  }
  switch (tx.kind) {
    case 'ballot':
      return { kind: 'ballot', ...decodeBallotTx(txBytes) }
    case 'encrypted-ballot':
      return tx
    case 'campaign':
      return {
        kind: 'campaign',
        campaignBytes: tx.campaignBytes,
        campaign: {
          ...tx.campaign,
          registrarPublicKey: bytesToHex(tx.campaign.registrarPublicKey),
          encryption: tx.campaign.encryption && {
            ...tx.campaign.encryption,
            electionKey: bytesToHex(tx.campaign.encryption.electionKey),
          },
        },
        adminKey: tx.adminKey,
        signature: tx.signature,
      }
    case 'record':
      return {
        kind: tx.record.kind,
        payloadBytes: tx.payloadBytes,
        record: recordView(tx.record),
        adminKey: tx.adminKey,
        signature: tx.signature,
      }
    case 'paper-batch':
      return tx
  }
}
