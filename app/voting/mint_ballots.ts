import { randomInt } from 'node:crypto'
import blst from '@chainsafe/blst'
import Campaign from '#campaigns/models/campaign'
import { isVotingOpen, potsWithRules } from '#campaigns/campaign_service'
import { projectsOnBallot } from '#proposals/ballot_list'
import { withRegistrarSecret } from '#voting/registrar'
import { publicEncryption } from '#voting/public_encryption'
import {
  ballotHash,
  bytesToBase64,
  checkChoices,
  credentialMessage,
  encodeBallot,
  generateVoterKey,
  signBallot,
  type ChoiceLike,
  type PublicCampaign,
} from '@civic-budget/protocol'
import {
  encodeEncryptedBallot,
  encryptChoices,
  type EncryptionContext,
} from '@civic-budget/protocol/encrypted_ballot'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import { parsePoint } from '@civic-budget/protocol/ristretto'

/*
| Ballot minting for benchmarks and fault tests (see commands/mint_ballots.ts for why it exists and
| why it is not available in production). Choices: a random subset of each pot's projects with
| weight 1 (a random point split for cumulative pots, ranks 1..k for ranked ones), redrawn until
| the campaign's own rule check accepts it. In an encrypted campaign the choices are then encrypted
| to its election key (ballot v2), as the voting page does.
*/
export interface MintedBallot {
  ballot: string
  signature: string
  ballotHash: string
  /** With `rivals`: a second, different ballot of the same voter key (one-ballot-per-key tests). */
  rival?: Omit<MintedBallot, 'rival'>
}

type Rules = Pick<PublicCampaign, 'pots' | 'projects'>

const DRAWS = 200

function shuffled<T>(items: readonly T[]): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[a[i], a[j]] = [a[j]!, a[i]!]
  }
  return a
}

function drawChoices(rules: Rules): ChoiceLike[] {
  const choices: ChoiceLike[] = []
  for (const pot of rules.pots) {
    const ids = shuffled(rules.projects.filter((p) => p.potId === pot.id).map((p) => p.id))
    const picked = ids.slice(0, randomInt(ids.length + 1))
    picked.forEach((projectId, rank) => {
      const rule = pot.rule
      let weight = 1
      if (rule.kind === 'ranked') weight = rank + 1
      if (rule.kind === 'cumulative') weight = 1 + randomInt(rule.maxPerProject)
      choices.push({ projectId, weight })
    })
  }
  return choices.sort((a, b) => a.projectId - b.projectId)
}

function validChoices(rules: Rules): ChoiceLike[] {
  for (let i = 0; i < DRAWS; i++) {
    const choices = drawChoices(rules)
    if (choices.length > 0 && checkChoices(choices, rules).length === 0) return choices
  }
  throw new Error('no valid random ballot found for these rules (check the campaign set-up)')
}

/** Mints `count` ballots, handing each to `write` (awaited when it returns a promise). */
export async function mintBallots(
  campaignId: number,
  count: number,
  write: (ballot: MintedBallot) => void | Promise<void>,
  { rivals = false } = {}
): Promise<number> {
  const campaign = await Campaign.find(campaignId)
  if (!campaign || !isVotingOpen(campaign))
    throw new Error(`campaign ${campaignId} is not in voting`)
  const pots = await potsWithRules(campaign)
  const rules: Rules = {
    pots: pots.map((p) => ({
      id: p.id,
      budget: p.budget,
      rule: p.rule,
    })),
    projects: await projectsOnBallot(campaignId),
  }
  const encryption = await publicEncryption(campaignId)
  const context: EncryptionContext | null = encryption && {
    campaignId,
    electionKey: parsePoint(hexToBytes(encryption.electionKey, 32), 'electionKey'),
    paddedLength: encryption.paddedLength,
  }
  await withRegistrarSecret(campaignId, async (secret) => {
    const registrar = blst.SecretKey.fromBytes(secret)
    for (let i = 0; i < count; i++) {
      const voter = generateVoterKey()
      const credential = registrar
        .sign(credentialMessage(campaignId, voter.publicKey))
        .toBytes(true)
      const signed = (bytes: Uint8Array) => ({
        ballot: bytesToBase64(bytes),
        signature: bytesToBase64(signBallot(voter.secretKey, bytes)),
        ballotHash: ballotHash(bytes),
      })
      const mint = () =>
        context
          ? encodeEncryptedBallot({
              campaignId,
              encrypted: encryptChoices(context, voter.publicKey, validChoices(rules)),
              voterKey: voter.publicKey,
              credential,
            })
          : encodeBallot({
              campaignId,
              choices: validChoices(rules),
              voterKey: voter.publicKey,
              credential,
            })
      const ballotBytes = mint()
      const minted: MintedBallot = signed(ballotBytes)
      if (rivals) {
        let rival = mint()
        for (let d = 0; d < DRAWS && bytesToBase64(rival) === minted.ballot; d++) rival = mint()
        if (bytesToBase64(rival) === minted.ballot) throw new Error('no second ballot differs')
        minted.rival = signed(rival)
      }
      await write(minted)
    }
  })
  return count
}
