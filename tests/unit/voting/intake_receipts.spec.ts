import { test } from '@japa/runner'
import { checkBallotReceipt } from '#voting/intake/receipts'
import { ballotTx, txHash } from '@civic-budget/protocol'
import { commitBy, receiptFixture } from '#tests/helpers/protocol_fixtures'

/* The intake's receipt check: the protocol library's, with the certificate paired natively. */
test.group('Ballot intake / receipt check', () => {
  test('a valid receipt passes; forged certificates and another tx do not', ({ assert }) => {
    const { chain, vote, receipt } = receiptFixture()
    const hash = txHash(ballotTx(vote.ballotBytes, vote.signature))
    assert.deepEqual(checkBallotReceipt(receipt as never, hash, chain.genesis), {
      ok: true,
      height: 42,
    })
    const twoSigners = { ...receipt, commit: commitBy(chain, receipt.blockHash, [0, 1]) }
    assert.isFalse(checkBallotReceipt(twoSigners as never, hash, chain.genesis).ok)
    const repeated = { ...receipt, commit: { ...receipt.commit, signers: [0, 0, 1] } }
    assert.isFalse(checkBallotReceipt(repeated as never, hash, chain.genesis).ok)
    // Signed by 0, 1, 3 but claiming 0, 1, 2.
    const wrongSigners = { ...receipt, commit: { ...receipt.commit, signers: [0, 1, 2] } }
    assert.isFalse(checkBallotReceipt(wrongSigners as never, hash, chain.genesis).ok)
    const otherBlock = commitBy(chain, 'ab'.repeat(32), [0, 1, 3])
    const moved = { ...receipt, commit: otherBlock }
    assert.isFalse(checkBallotReceipt(moved as never, hash, chain.genesis).ok)
    assert.isFalse(checkBallotReceipt(receipt as never, 'cd'.repeat(32), chain.genesis).ok)
  })
})
