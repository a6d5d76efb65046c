import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { potsWithRules } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import { ensureRegistrarKey, signWithRegistrar } from '#voting/registrar'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { enqueueRecordBytes } from '#ledger/record'
import { encodeThresholdRecord, type ThresholdRecord } from '@civic-budget/protocol/tx'
import { ballotFrom, type TestBallot } from '#tests/helpers/ballots'
import {
  ballotHash,
  blind,
  bytesToBase64,
  bytesToHex,
  cborEncode,
  generateVoterKey,
  signBallot,
  txHash,
  unblind,
  type BallotChoice,
} from '@civic-budget/protocol'
import {
  ceremonyResult,
  createDealing,
  generateTrusteeKey,
  trusteeSecretShare,
  type CeremonyParams,
} from '@civic-budget/protocol/dkg'
import {
  campaignPaddedLength,
  decodeEncryptedBallot,
  encodeEncryptedBallot,
  encryptChoices,
  padChoices,
  type EncryptedChoices,
  type EncryptionContext,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  decryptBallot,
  makeDecryptionShare,
  type TrusteeKeyShare,
} from '@civic-budget/protocol/decryption'
import { encodeBallotTx } from '@civic-budget/protocol/pb'

/*
| An encrypted campaign for the voting tests: a 2-of-3 key ceremony run in-process with the
| protocol's DKG (the trustees' secrets stay in the test, so it can decrypt what was stored), its
| `campaign_ceremonies` row `complete` as the ceremony module leaves it, then voting opened. The
| ceremony's records (trustees, keys, dealings) are queued in the outbox before the campaign tx, in
| that order, so that a real cluster accepts the encrypted campaign tx (the replicas recompute the
| election key from them).
*/
export interface TestCeremony {
  campaignId: number
  threshold: number
  context: EncryptionContext
  electionKeyHex: string
  keyShares: TrusteeKeyShare[]
}

export async function completeCeremony(campaign: Campaign): Promise<TestCeremony> {
  const campaignId = campaign.id
  const trustees = [1, 2, 3].map((i) => generateTrusteeKey(campaignId, i))
  const params: CeremonyParams = {
    campaignId,
    threshold: 2,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const dealings = [1, 2, 3].map((d) => createDealing(params, d))
  const result = ceremonyResult(params, dealings, [])
  if (!result.ok) throw new Error('test ceremony failed')
  const keyShares = trustees.map((trustee, i) => {
    const own = trusteeSecretShare(params, result, dealings, i + 1, trustee.secret)
    if (!own.ok) throw new Error(`trustee ${i + 1}: ${own.reason}`)
    return {
      campaignId,
      trustee: i + 1,
      keyShare: own.share,
      publicShare: result.publicShares[i],
    }
  })
  const pots = await potsWithRules(campaign)
  const projects = await db.from('projects').where('campaign_id', campaignId).select('id')
  const paddedLength = campaignPaddedLength({
    pots: pots.map((p) => ({ rule: p.rule })),
    projects: projects.map((p) => ({ id: Number(p.id) })),
  })
  const electionKeyHex = bytesToHex(result.electionKey.toBytes())
  // Voting opens only with a close time (the trustees decrypt after it).
  if (!campaign.votingClosesAt) {
    campaign.votingClosesAt = DateTime.now().plus({ days: 7 })
    await campaign.save()
  }
  const records: ThresholdRecord[] = [
    { kind: 'trustees', campaignId, threshold: 2, trustees: 3 },
    ...trustees.map((t) => ({ kind: 'trustee-key' as const, campaignId, key: t.record })),
    ...dealings.map((dealing) => ({ kind: 'dkg-dealing' as const, campaignId, dealing })),
  ]
  await db.transaction(async (trx) => {
    for (const record of records)
      await enqueueRecordBytes(record.kind, encodeThresholdRecord(record), trx)
  })
  const now = new Date()
  await db.table('campaign_ceremonies').insert({
    campaign_id: campaignId,
    threshold: 2,
    trustees: 3,
    status: 'complete',
    election_key: electionKeyHex,
    padded_length: paddedLength,
    outcome: JSON.stringify({ qualified: result.qualified, excluded: [], absent: [] }),
    completed_at: now,
    created_at: now,
    updated_at: now,
  })
  return {
    campaignId,
    threshold: 2,
    context: { campaignId, electionKey: result.electionKey, paddedLength },
    electionKeyHex,
    keyShares,
  }
}

/** A campaign in voting whose ballots are encrypted (ceremony complete before voting opens). */
export async function encryptedVotingCampaign(projectCount = 3) {
  const fixture = await reviewCampaignWithProjects(projectCount)
  const ceremony = await completeCeremony(fixture.campaign)
  await openVoting(fixture.campaign.id, fixture.admin.id)
  const registrar = await ensureRegistrarKey(fixture.campaign)
  return { ...fixture, registrar, ceremony }
}

export interface EncryptedTestBallot extends TestBallot {
  /** The ballot tx (`encodeBallotTx`: the protocol's `ballotTx` decodes v1 only). */
  tx: Uint8Array
  choices: BallotChoice[]
  encrypted: EncryptedChoices
}

/** Ballot v2 of `voter` (choices encrypted to the campaign's key), signed; `encrypted` to reuse. */
export function encryptedBallotFrom(
  ceremony: TestCeremony,
  choices: BallotChoice[],
  voter: { secretKey: Uint8Array; publicKey: Uint8Array },
  credential: string,
  encrypted = encryptChoices(ceremony.context, voter.publicKey, choices)
): EncryptedTestBallot {
  const campaignId = ceremony.campaignId
  const ballotBytes = encodeEncryptedBallot({
    campaignId,
    encrypted,
    voterKey: voter.publicKey,
    credential: Buffer.from(credential, 'hex'),
  })
  const signature = signBallot(voter.secretKey, ballotBytes)
  const tx = encodeBallotTx(ballotBytes, signature)
  return {
    tx,
    ballotBytes,
    signature,
    voter,
    credential,
    choices,
    encrypted,
    ballotHash: ballotHash(ballotBytes),
    txHash: txHash(tx),
    body: { ballot: bytesToBase64(ballotBytes), signature: bytesToBase64(signature) },
  }
}

/** An honest encrypted ballot: fresh voter key, blind credential from the registrar, signature. */
export async function honestEncryptedBallot(ceremony: TestCeremony, choices: BallotChoice[]) {
  const voter = generateVoterKey()
  const { blinded, r } = blind(ceremony.campaignId, voter.publicKey)
  const credential = unblind(await signWithRegistrar(ceremony.campaignId, blinded), r)
  return encryptedBallotFrom(ceremony, choices, voter, credential)
}

/** An honest ballot v1 (choices in clear) for the same campaign. */
export async function honestClearBallot(campaignId: number, choices: BallotChoice[]) {
  const voter = generateVoterKey()
  const { blinded, r } = blind(campaignId, voter.publicKey)
  const credential = unblind(await signWithRegistrar(campaignId, blinded), r)
  return ballotFrom(campaignId, choices, voter, credential)
}

/** The choices of stored ballot bytes, opened with the decryption shares of trustees 1 and 2. */
export function decryptStored(ceremony: TestCeremony, ballotBytes: Uint8Array) {
  const decoded = decodeEncryptedBallot(ballotBytes)
  if (!decoded.ok) throw new Error(decoded.error.message)
  const shares = ceremony.keyShares.slice(0, ceremony.threshold).map((key) => ({
    trustee: key.trustee,
    share: makeDecryptionShare(key, decoded.value.encrypted.ephemeral).share,
  }))
  return decryptBallot(decoded.value, ceremony.context.electionKey, shares, ceremony.threshold)
}

/**
 * What must never appear in clear while a campaign is sealed: the padded plaintext and the CBOR of
 * the choices (the ledger's and the ballot's encodings), as hex, and the choices as JSON.
 */
export function clearForms(ceremony: TestCeremony, choices: BallotChoice[]): string[] {
  const pairs = choices.map((c) => [c.projectId, c.weight])
  return [
    Buffer.from(padChoices(choices, ceremony.context.paddedLength)).toString('hex'),
    Buffer.from(cborEncode(pairs)).toString('hex'),
    JSON.stringify(pairs),
  ]
}
