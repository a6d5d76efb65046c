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
  checkEncryptedChoices,
  decodeEncryptedBallot,
  encodeEncryptedBallot,
  encryptChoices,
  openChoices,
  paddedChoicesLength,
} from '@civic-budget/protocol/encrypted_ballot'
import { encodeBallotTx } from '@civic-budget/protocol/pb'
import { baseMul, randomScalar } from '@civic-budget/protocol/ristretto'
import { commitBy, fakeChain } from '#tests/helpers/protocol_fixtures'
import { buildBallot, checkReceipt } from '#tests/helpers/independent_client/index'

/*
| Receipts of encrypted ballots (v2): the same ballot tx, so the same receipt — what the intake
| checks before answering 200 and what the check page verifies. Step 1 reads a v2 ballot for its
| hash and campaign (the replicas checked its proof); a receipt naming another campaign, or a tx
| that is not a ballot, is still refused at that step. The independent test client (protocol.md
| only) builds the same ballot v2 and checks the same receipt.
*/
const electionSecret = randomScalar()
const context = {
  campaignId: 7,
  electionKey: baseMul(electionSecret),
  paddedLength: paddedChoicesLength([1, 2, 3], 1),
}

function committedEncryptedBallot(build?: (voterKey: Uint8Array) => Uint8Array) {
  const chain = fakeChain()
  const voter = generateVoterKey()
  const ballotBytes = build
    ? build(voter.publicKey)
    : encodeEncryptedBallot({
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

  test('the independent client builds ballot v2 the library accepts, and checks its receipt', ({
    assert,
  }) => {
    const encryption = {
      electionKey: Buffer.from(context.electionKey.toBytes()).toString('hex'),
      paddedLength: context.paddedLength,
    }
    const built = committedEncryptedBallot((voterKey) =>
      buildBallot(
        7,
        [{ projectId: 3, weight: 1 }, [1, 1]],
        voterKey,
        new Uint8Array(96),
        encryption
      )
    )
    const decoded = decodeEncryptedBallot(built.ballotBytes)
    assert.isTrue(decoded.ok)
    if (!decoded.ok) return
    assert.deepEqual(checkEncryptedChoices(decoded.value, context), { ok: true })
    const shared = decoded.value.encrypted.ephemeral.multiply(electionSecret)
    assert.deepEqual(openChoices(decoded.value, context.electionKey, shared), {
      ok: true,
      choices: [
        { projectId: 1, weight: 1 },
        { projectId: 3, weight: 1 },
      ],
    })
    const receipt = makeReceipt({
      txs: built.txs,
      index: 1,
      headerBytes: built.headerBytes,
      commit: built.commit,
    })
    assert.deepEqual(checkReceipt(receipt, built.chain.genesis), { ok: true })
  })
})
