/*
| Encrypted campaigns for the tests, two ways:
| - `completeCeremony` / `encryptedVotingCampaign` (voting, intake, the check page): a 2-of-3 key
|   ceremony run in-process (the trustees' secrets stay in the test, so it can decrypt what was
|   stored), its `campaign_ceremonies` row `complete` as the ceremony module leaves it, then voting
|   opened. The ceremony's records (trustees, keys, dealings) are queued in the outbox before the
|   campaign tx, in that order, so that a real cluster accepts the encrypted campaign tx (the
|   replicas recompute the election key from them). Ballots: `honestEncryptedBallot` and friends.
| - `encryptedCampaign` (decryption, the trustee page and CLI): the tables filled by hand as the
|   other modules leave them — one approval pot (at most 2 of its projects), past its close unless
|   asked otherwise, the trustees with invite tokens, their keys and dealings in `ceremony_records`
|   (`commitCeremonyRecords` puts them in the outbox), the campaign tx with the encryption in the
|   outbox and the committed encrypted ballots in `encrypted_ballots`, all from `makeElection`
|   (election.ts).
*/
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { potsWithRules } from '#campaigns/campaign_service'
import Campaign from '#campaigns/models/campaign'
import { ensureRegistrarKey, signWithRegistrar } from '#voting/registrar'
import { enqueue } from '#ledger/outbox/outbox'
import { ledgerAdminKey } from '#ledger/ledger'
import { enqueueRecord, enqueueRecordBytes } from '#ledger/record'
import { newTrusteeToken } from '#trustees/trustee_token'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { ballotFrom, type TestBallot } from '#tests/helpers/ballots'
import { commitOutbox } from '#tests/helpers/trustees'
import { makeElection, makeKeyCeremony, type Election } from '#tests/helpers/decryption/election'
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
import { sha256Hex } from '@civic-budget/protocol/hash'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import { parsePoint } from '@civic-budget/protocol/ristretto'
import {
  encodeCampaign,
  encodeCampaignTx,
  encodeThresholdRecord,
  type ThresholdRecord,
} from '@civic-budget/protocol/tx'
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

/** The ceremony's row, `complete` with every trustee qualified, as the ceremony module leaves it. */
async function insertCompleteCeremony(row: {
  campaignId: number
  threshold: number
  trustees: number
  electionKeyHex: string
  paddedLength: number
}) {
  const now = new Date()
  const qualified = Array.from({ length: row.trustees }, (_, i) => i + 1)
  await db.table('campaign_ceremonies').insert({
    campaign_id: row.campaignId,
    threshold: row.threshold,
    trustees: row.trustees,
    status: 'complete',
    election_key: row.electionKeyHex,
    padded_length: row.paddedLength,
    outcome: JSON.stringify({ qualified, excluded: [], absent: [] }),
    completed_at: now,
    created_at: now,
    updated_at: now,
  })
}

// ——— A campaign that opens voting with a complete ceremony ———

export interface TestCeremony {
  campaignId: number
  threshold: number
  context: EncryptionContext
  electionKeyHex: string
  keyShares: TrusteeKeyShare[]
}

export async function completeCeremony(campaign: Campaign): Promise<TestCeremony> {
  const campaignId = campaign.id
  const ceremony = makeKeyCeremony(campaignId, 2, 3)
  const pots = await potsWithRules(campaign)
  const projects = await db.from('projects').where('campaign_id', campaignId).select('id')
  const paddedLength = campaignPaddedLength({
    pots: pots.map((p) => ({ rule: p.rule })),
    projects: projects.map((p) => ({ id: Number(p.id) })),
  })
  const electionKeyHex = bytesToHex(ceremony.electionKey.toBytes())
  // A close time, as most campaigns have (closing by hand is tested with voting-closed records).
  if (!campaign.votingClosesAt) {
    campaign.votingClosesAt = DateTime.now().plus({ days: 7 })
    await campaign.save()
  }
  const records: ThresholdRecord[] = [
    { kind: 'trustees', campaignId, threshold: 2, trustees: 3 },
    ...ceremony.trusteeKeys.map((key) => ({ kind: 'trustee-key' as const, campaignId, key })),
    ...ceremony.dealings.map((dealing) => ({ kind: 'dkg-dealing' as const, campaignId, dealing })),
  ]
  await db.transaction(async (trx) => {
    for (const record of records)
      await enqueueRecordBytes(record.kind, encodeThresholdRecord(record), trx)
  })
  await insertCompleteCeremony({
    campaignId,
    threshold: 2,
    trustees: 3,
    electionKeyHex,
    paddedLength,
  })
  return {
    campaignId,
    threshold: 2,
    context: { campaignId, electionKey: ceremony.electionKey, paddedLength },
    electionKeyHex,
    keyShares: ceremony.keyShares,
  }
}

/**
 * What a voter's device needs of a campaign whose ceremony ran for real (its election key and
 * padded length, as `campaignEncryption` reads them): no trustee's key share.
 */
export function voterCeremony(
  campaignId: number,
  encryption: { electionKey: string; paddedLength: number; threshold: number }
): TestCeremony {
  return {
    campaignId,
    threshold: encryption.threshold,
    electionKeyHex: encryption.electionKey,
    keyShares: [],
    context: {
      campaignId,
      electionKey: parsePoint(hexToBytes(encryption.electionKey)),
      paddedLength: encryption.paddedLength,
    },
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

// ——— A campaign past its close with encrypted ballots, for the decryption ———

export interface EncryptedCampaign {
  campaign: Campaign
  projectIds: number[]
  election: Election
  /** `tokens[i − 1]`: trustee i's bearer invite token. */
  tokens: string[]
}

/**
 * `choices(projectIds)` gives every ballot's choices by the campaign's project ids. The campaign is
 * in `results` and closed an hour ago unless `stage: 'voting'` (closing in an hour). Needs a ledger
 * admin key (`configureLedger({ adminSecretKeyHex })`).
 */
export async function encryptedCampaign(options: {
  threshold: number
  trustees: number
  projects: number
  choices: (projectIds: number[]) => BallotChoice[][]
  stage?: 'voting' | 'results'
}): Promise<EncryptedCampaign> {
  const fx = await reviewCampaignWithProjects(options.projects)
  const rule = { kind: 'approval' as const, minSelections: 0, maxSelections: 2 }
  await db
    .from('campaign_pots')
    .where('id', fx.pot.id)
    .update({ ballot_rule: JSON.stringify(rule) })
  const campaign = await Campaign.findOrFail(fx.campaign.id)
  const closed = options.stage !== 'voting'
  campaign.stage = closed ? 'results' : 'voting'
  const opensAt = DateTime.now().minus({ days: 2 })
  const closesAt = DateTime.now().plus({ hours: closed ? -1 : 1 })
  campaign.votingOpensAt = opensAt
  campaign.votingClosesAt = closesAt
  await campaign.save()
  const projectIds = fx.projects.map((p) => p.id)
  const election = makeElection(
    {
      campaignId: campaign.id,
      threshold: options.threshold,
      trustees: options.trustees,
      pots: [{ id: fx.pot.id, budget: Number(fx.pot.budget), rule }],
      projects: fx.projects.map((p) => ({ id: p.id, cost: Number(p.cost), potId: fx.pot.id })),
    },
    options.choices(projectIds)
  )
  await insertCompleteCeremony({
    campaignId: campaign.id,
    threshold: options.threshold,
    trustees: options.trustees,
    electionKeyHex: bytesToHex(election.encryption.electionKey),
    paddedLength: election.encryption.paddedLength,
  })
  const now = new Date()
  const tokens: string[] = []
  for (let index = 1; index <= options.trustees; index++) {
    const { token, tokenHash } = newTrusteeToken()
    tokens.push(token)
    await db.table('campaign_trustees').insert({
      campaign_id: campaign.id,
      index,
      name: `Trustee ${index}`,
      token_hash: tokenHash,
      ceremony_key: bytesToHex(election.trusteeKeys[index - 1].ceremonyKey.toBytes()),
      created_at: now,
      updated_at: now,
    })
  }
  const records = [
    ...election.trusteeKeys.map((key) => ({
      kind: 'trustee-key' as const,
      trustee: key.index,
      payload: encodeThresholdRecord({ kind: 'trustee-key', campaignId: campaign.id, key }),
    })),
    ...election.dealings.map((dealing) => ({
      kind: 'dkg-dealing' as const,
      trustee: dealing.dealer,
      payload: encodeThresholdRecord({ kind: 'dkg-dealing', campaignId: campaign.id, dealing }),
    })),
  ]
  for (const record of records) {
    await db.table('ceremony_records').insert({
      campaign_id: campaign.id,
      kind: record.kind,
      trustee_index: record.trustee,
      payload: Buffer.from(record.payload),
      // No outbox row: the ceremony's own queueing is the ceremony module's (accepted records).
      tx_hash: sha256Hex(record.payload),
      created_at: now,
    })
  }
  const key = ledgerAdminKey()
  if (!key) throw new Error('encryptedCampaign: configure a ledger admin key first')
  const definition = {
    id: campaign.id,
    registrarPublicKey: '00'.repeat(48),
    votingOpensAtMs: opensAt.toMillis(),
    votingClosesAtMs: closesAt.toMillis(),
    pots: election.shape.pots,
    projects: election.shape.projects,
    encryption: {
      ...election.encryption,
      electionKey: bytesToHex(election.encryption.electionKey),
    },
  }
  await enqueue(
    'campaign',
    encodeCampaignTx(encodeCampaign(definition), key.secretKey),
    db.connection()
  )
  const rows = election.ballotBytes.map((bytes, position) => ({
    campaign_id: campaign.id,
    position,
    ballot_hash: election.ballotHashes[position],
    tx_hash: sha256Hex(bytes),
    ballot_bytes: Buffer.from(bytes),
    height: 10 + position,
  }))
  for (let i = 0; i < rows.length; i += 500) {
    await db.table('encrypted_ballots').multiInsert(rows.slice(i, i + 500))
  }
  return { campaign, projectIds, election, tokens }
}

/**
 * Queues the campaign's ceremony records as the ceremony module does and marks them committed, so
 * the trustee API's ceremony view (which shows only records in the outbox) sees them.
 */
export async function commitCeremonyRecords(campaignId: number) {
  const rows = await db.from('ceremony_records').where('campaign_id', campaignId)
  await db.transaction(async (trx) => {
    for (const row of rows) {
      const queued = await enqueueRecordBytes(row.kind, new Uint8Array(row.payload), trx)
      if (!queued) throw new Error('no ledger admin key')
      await trx.from('ceremony_records').where('id', row.id).update({ tx_hash: queued.txHash })
    }
  })
  await commitOutbox()
}

/**
 * Voting closed by hand as the ledger sees it, without a cluster: the campaign in results and its
 * `voting-closed` record committed (at height 0, so the projection has reached it).
 */
export async function closeOnLedger(campaignId: number): Promise<void> {
  await db.from('campaigns').where('id', campaignId).update({ stage: 'results' })
  const closing = await db.transaction((trx) =>
    enqueueRecord('voting-closed', [1, campaignId], trx)
  )
  if (!closing) throw new Error('closeOnLedger: configure a ledger admin key first')
  await db
    .from('ledger_outbox')
    .where('tx_hash', closing.txHash)
    .update({ status: 'committed', committed_height: 0 })
}
