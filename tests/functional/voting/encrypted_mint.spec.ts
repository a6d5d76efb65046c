import { test } from '@japa/runner'
import { base64ToBytes } from '@civic-budget/protocol'
import { checkEncryptedBallot } from '@civic-budget/protocol/encrypted_ballot'
import { checkChoices } from '@civic-budget/protocol/rules'
import { potsWithRules } from '#campaigns/campaign_service'
import { mintBallots, type MintedBallot } from '#voting/mint_ballots'
import { clearOutbox } from '#tests/helpers/ledger'
import {
  decryptStored,
  encryptedVotingCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'

/*
| Minted ballots (bench:voting, fault tests) in an encrypted campaign are ballots v2: each passes
| every check a replica makes and opens, with two trustees' shares, to choices the rules accept.
*/
test.group('Minted ballots of an encrypted campaign', (group) => {
  group.each.teardown(() => clearOutbox())

  test('each is a valid ballot v2 whose choices follow the rules', async ({ assert }) => {
    const { campaign, projects, registrar, ceremony } = await encryptedVotingCampaign(4)
    const minted: MintedBallot[] = []
    await mintBallots(campaign.id, 5, (ballot) => {
      minted.push(ballot)
    })
    assert.lengthOf(minted, 5)
    const pots = await potsWithRules(campaign)
    const rules = {
      pots: pots.map((p) => ({ id: p.id, budget: p.budget, rule: p.rule })),
      projects: projects.map((p) => ({ id: p.id, cost: p.cost, potId: p.potId })),
    }
    for (const ballot of minted) {
      const bytes = base64ToBytes(ballot.ballot)
      const check = checkEncryptedBallot(
        bytes,
        base64ToBytes(ballot.signature),
        registrar.publicKey,
        ceremony.context
      )
      assert.isTrue(check.ok, check.ok ? '' : check.message)
      const opened = decryptStored(ceremony, bytes)
      assert.isTrue(opened.ok)
      if (!opened.ok) continue
      assert.isAbove(opened.choices.length, 0)
      assert.deepEqual(checkChoices(opened.choices, rules), [])
    }
  }).timeout(60_000)
})
