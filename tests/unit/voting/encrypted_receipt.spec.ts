import { test } from '@japa/runner'
import {
  ballotHash,
  blockHashOf,
  bytesToBase64,
  cborEncode,
  encodeHeader,
  generateVoterKey,
  makeReceipt,
  merkleRoot,
  sha256,
  signBallot,
  verifyReceipt,
} from '@civic-budget/protocol'
import {
  encodeEncryptedBallot,
  encryptChoices,
  paddedChoicesLength,
} from '@civic-budget/protocol/encrypted_ballot'
import { encodeBallotTx } from '@civic-budget/protocol/pb'
import { baseMul, randomScalar } from '@civic-budget/protocol/ristretto'
import { commitBy, fakeChain } from '#tests/helpers/protocol_fixtures'

/*
| Receipts of encrypted ballots (v2): the same ballot tx, so the same receipt — what the intake
| checks before answering 200 and what the check page verifies. Step 1 reads a v2 ballot for its
| hash and campaign (the replicas checked its proof); a receipt naming another campaign, or a tx
| that is not a ballot, is still refused at that step.
*/
function committedEncryptedBallot() {
  const chain = fakeChain()
  const voter = generateVoterKey()
  const context = {
    campaignId: 7,
    electionKey: baseMul(randomScalar()),
    paddedLength: paddedChoicesLength([1, 2, 3], 1),
  }
  const ballotBytes = encodeEncryptedBallot({
    campaignId: 7,
    encrypted: encryptChoices(context, voter.publicKey, [{ projectId: 2, weight: 1 }]),
    voterKey: voter.publicKey,
    credential: new Uint8Array(96).fill(1),
  })
  const tx = encodeBallotTx(ballotBytes, signBallot(voter.secretKey, ballotBytes))
  const txs = [cborEncode([1, 'support', 7, 0, new Uint8Array(32)]), tx]
  const headerBytes = encodeHeader({
    chainId: chain.genesis.chainId,
    height: 5,
    view: 5,
    parentHash: sha256(new Uint8Array([1])),
    justifyQcHash: sha256(new Uint8Array([2])),
    txRoot: merkleRoot(txs),
    txCount: txs.length,
    stateRoot: sha256(new Uint8Array([3])),
    timestampMs: 1_805_000_000_000,
    proposer: 1,
  })
  const commit = commitBy(chain, blockHashOf(headerBytes), [0, 1, 3])
  return { chain, ballotBytes, txs, headerBytes, commit }
}

test.group('Receipts of encrypted ballots', () => {
  test('a v2 ballot receipt verifies; another campaign or a non-ballot tx is refused', ({
    assert,
  }) => {
    const { chain, ballotBytes, txs, headerBytes, commit } = committedEncryptedBallot()
    const receipt = makeReceipt({ txs, index: 1, headerBytes, commit })
    assert.equal(receipt.ballotHash, ballotHash(ballotBytes))
    assert.equal(receipt.campaignId, 7)
    const check = verifyReceipt(receipt, chain.genesis)
    assert.isTrue(check.ok, JSON.stringify(check))

    const elsewhere = verifyReceipt({ ...receipt, campaignId: 8 }, chain.genesis)
    assert.include(elsewhere, { ok: false, reason: 'campaign_mismatch' })
    const support = verifyReceipt({ ...receipt, tx: bytesToBase64(txs[0]) }, chain.genesis)
    assert.include(support, { ok: false, reason: 'malformed_tx' })
  })
})
