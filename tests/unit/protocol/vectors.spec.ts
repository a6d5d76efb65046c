/**
 * The app's protocol paths against the golden vectors of `@civic-budget/protocol` (the package and
 * the replicas pass the same files): the intake's verify worker (native Ed25519 + blst), the block
 * projection's verifier, the receipt check the ledger client runs, and the decoding of every tx kind.
 */
import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { bytesToBase64, hexToBytes } from '@civic-budget/protocol/bytes'
import { genesisBlockHash } from '@civic-budget/protocol/block'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'
import verifyBatch from '#voting/intake/verify_worker'
import { checkBallotReceipt } from '#voting/intake/receipts'
import { verifyBlock } from '#ledger/projection/block_verifier'

const require = createRequire(import.meta.url)
const vectors = (name: string) =>
  JSON.parse(readFileSync(require.resolve(`@civic-budget/protocol/vectors/${name}.json`), 'utf8'))

test.group('protocol vectors / app paths', () => {
  test('the verify worker gives each vector ballot its verdict', ({ assert }) => {
    const ballot = vectors('ballot')
    const items = [
      ...ballot.ballots.map((b: { ballotBytes: string; signature: string }) => b),
      ...ballot.rejected,
      ...ballot.malformed.map((m: { hex: string }) => ({
        ballotBytes: m.hex,
        signature: '00'.repeat(64),
      })),
    ]
    const verdicts = verifyBatch({
      registrarPublicKey: ballot.registrarPublicKey,
      items: items.map((i) => ({
        ballotBytes: hexToBytes(i.ballotBytes),
        signature: hexToBytes(i.signature),
      })),
    })
    assert.deepEqual(verdicts, [
      ...ballot.ballots.map(() => 'ok'),
      ...ballot.rejected.map((r: { reason: string }) => r.reason),
      ...ballot.malformed.map(() => 'malformed'),
    ])
  })

  test('the projection verifies the vector block as a replica serves it', ({ assert }) => {
    const block = vectors('block')
    const served = {
      height: 1,
      blockHash: block.blockHash,
      header: bytesToBase64(hexToBytes(block.headerBytes)),
      txs: block.txs.map((t: string) => bytesToBase64(hexToBytes(t))),
      commit: block.commit,
    }
    const tip = { height: 0, blockHash: genesisBlockHash(block.genesis.chainId) }
    assert.equal(tip.blockHash, block.genesisBlockHash)
    const verdict = verifyBlock(served, tip, block.genesis)
    assert.isTrue(verdict.ok)
    const forged = verifyBlock(
      { ...served, commit: { ...block.commit, signers: [0, 1] } },
      tip,
      block.genesis
    )
    assert.deepInclude(forged, { ok: false, reason: 'bad_commit' })
  })

  test('the ledger client accepts the vector receipt and refuses every tampered one', ({
    assert,
  }) => {
    const receipt = vectors('receipt')
    assert.deepEqual(checkBallotReceipt(receipt.valid, receipt.verified.txHash, receipt.genesis), {
      ok: true,
      height: receipt.verified.height,
    })
    for (const bad of receipt.invalid) {
      const verdict = checkBallotReceipt(bad.receipt, receipt.verified.txHash, receipt.genesis)
      assert.isFalse(verdict.ok, bad.why)
      assert.match(verdict.ok ? '' : verdict.message, new RegExp(`^${bad.reason}:`), bad.why)
    }
  })

  test('every vector tx decodes to its kind; malformed ones are refused', ({ assert }) => {
    const tx = vectors('tx')
    const ballot = vectors('ballot')
    assert.equal(decodeLedgerTx(hexToBytes(ballot.ballots[0].txBytes)).kind, 'ballot')
    assert.equal(decodeLedgerTx(hexToBytes(tx.campaign.txBytes)).kind, 'campaign')
    assert.equal(decodeLedgerTx(hexToBytes(tx.paperBatch.txBytes)).kind, 'paper-batch')
    for (const r of tx.records) assert.equal(decodeLedgerTx(hexToBytes(r.txBytes)).kind, r.kind)
    for (const m of tx.malformed) assert.throws(() => decodeLedgerTx(hexToBytes(m.hex)))
  })
})
