import { test } from '@japa/runner'
import {
  base64ToBytes,
  blockHashOf,
  bytesToBase64,
  bytesToHex,
  decodeHeader,
  type Genesis,
  type Receipt,
  verifyPop,
  verifyReceipt,
} from '@civic-budget/protocol'
import { commitBy, receiptFixture } from '#tests/helpers/protocol_fixtures'

const clone = <T>(x: T): T => structuredClone(x)

function flipBase64(text: string, index: number): string {
  const bytes = base64ToBytes(text)
  bytes[index < 0 ? bytes.length + index : index] ^= 1
  return bytesToBase64(bytes)
}

test.group('protocol / receipt', (group) => {
  let fx: ReturnType<typeof receiptFixture>
  group.setup(() => {
    fx = receiptFixture(5, 2, [0, 1, 3])
  })

  const check = (receipt: Receipt, genesis?: Genesis) =>
    verifyReceipt(receipt, genesis ?? clone(fx.chain.genesis))

  test('a complete receipt (blst-aggregated 3-of-4 commit) verifies', ({ assert }) => {
    const result = check(fx.receipt)
    assert.isTrue(result.ok, JSON.stringify(result))
    if (result.ok) {
      assert.equal(result.height, 42)
      assert.equal(result.blockHash, fx.receipt.blockHash)
    }
    assert.equal(decodeHeader(base64ToBytes(fx.receipt.header)).txCount, 5)
    // the fake genesis publishes real proofs of possession (blst keys, IETF POP ciphersuite)
    for (const replica of fx.chain.genesis.replicas)
      assert.isTrue(verifyPop(replica.publicKey, replica.pop!))
    // every position and tree size
    for (const [size, index] of [
      [1, 0],
      [2, 1],
      [7, 6],
      [9, 8],
    ]) {
      const other = receiptFixture(size, index, [1, 2, 3])
      assert.isTrue(
        verifyReceipt(other.receipt, other.chain.genesis).ok,
        `size ${size} index ${index}`
      )
    }
  }).timeout(60_000)

  test('tampering is rejected with a specific reason', ({ assert }) => {
    const reason = (r: Receipt, g?: Genesis) => {
      const result = check(r, g)
      return result.ok ? 'ok' : result.reason
    }
    const r = () => clone(fx.receipt)

    // tx: a byte of the signature (outside the ballot) → the leaf moves, the path no longer fits
    assert.equal(reason({ ...r(), tx: flipBase64(fx.receipt.tx, -1) }), 'audit_path_mismatch')
    // tx: a byte inside the ballot (voter key) → ballot hash differs
    assert.equal(reason({ ...r(), tx: flipBase64(fx.receipt.tx, 30) }), 'ballot_hash_mismatch')
    // tx: structure broken
    assert.equal(reason({ ...r(), tx: flipBase64(fx.receipt.tx, 0) }), 'malformed_tx')
    // receipt claims another ballot hash / campaign
    assert.equal(reason({ ...r(), ballotHash: '00'.repeat(32) }), 'ballot_hash_mismatch')
    assert.equal(reason({ ...r(), campaignId: 8 }), 'campaign_mismatch')
    // audit path node
    const path = r()
    path.auditPath[0] = path.auditPath[0].replace(/^./, (c) => (c === '0' ? '1' : '0'))
    assert.equal(reason(path), 'audit_path_mismatch')
    assert.equal(reason({ ...r(), auditPath: fx.receipt.auditPath.slice(1) }), 'bad_audit_path')
    assert.equal(reason({ ...r(), auditPath: ['zz'] }), 'bad_audit_path')
    assert.equal(reason({ ...r(), leafIndex: 3 }), 'audit_path_mismatch')
    assert.equal(reason({ ...r(), treeSize: 6 }), 'tree_size_mismatch')
    // header: a byte of the state root (last hash) → block hash differs
    assert.equal(
      reason({ ...r(), header: flipBase64(fx.receipt.header, -12) }),
      'block_hash_mismatch'
    )
    // header: a byte of the tx root → the path no longer leads to it
    const headerBytes = base64ToBytes(fx.receipt.header)
    const txRootAt =
      bytesToHex(headerBytes).indexOf(bytesToHex(decodeHeader(headerBytes).txRoot)) / 2
    assert.equal(
      reason({ ...r(), header: flipBase64(fx.receipt.header, txRootAt) }),
      'audit_path_mismatch'
    )
    assert.equal(reason({ ...r(), header: flipBase64(fx.receipt.header, 0) }), 'malformed_header')
    // header consistent with a new block hash, but nobody signed that block
    const forged = flipBase64(fx.receipt.header, -12)
    assert.equal(
      reason({ ...r(), header: forged, blockHash: blockHashOf(base64ToBytes(forged)) }),
      'bad_commit_signature'
    )
    // block hash field alone
    assert.equal(reason({ ...r(), blockHash: '00'.repeat(32) }), 'block_hash_mismatch')
    // signer list: claim another signer set than the one that signed
    assert.equal(
      reason({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 2] } }),
      'bad_commit_signature'
    )
    assert.equal(
      reason({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 3, 2] } }),
      'bad_commit_signature'
    )
    assert.equal(
      reason({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 1] } }),
      'duplicate_signer'
    )
    assert.equal(
      reason({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 4] } }),
      'unknown_signer'
    )
    // only 2 signers (a genuine 2-signer aggregate)
    assert.equal(
      reason({ ...r(), commit: commitBy(fx.chain, fx.receipt.blockHash, [0, 1]) }),
      'insufficient_signers'
    )
    // a genuine 4-signer aggregate is fine
    assert.equal(
      reason({ ...r(), commit: commitBy(fx.chain, fx.receipt.blockHash, [3, 2, 1, 0]) }),
      'ok'
    )
    // signature bytes
    const sig = fx.receipt.commit.signature
    assert.equal(
      reason({ ...r(), commit: { ...fx.receipt.commit, signature: sig.slice(0, -2) } }),
      'bad_commit_signature'
    )
    assert.equal(
      reason({
        ...r(),
        commit: {
          ...fx.receipt.commit,
          signature: sig.slice(0, 10) + (sig[10] === '0' ? '1' : '0') + sig.slice(11),
        },
      }),
      'bad_commit_signature'
    )
    // genesis: another chain id, unknown signer index, a replaced key
    assert.equal(reason(r(), { ...clone(fx.chain.genesis), chainId: 'other' }), 'chain_mismatch')
    const shrunk = clone(fx.chain.genesis)
    shrunk.replicas = shrunk.replicas.filter((x) => x.index !== 3)
    assert.equal(reason(r(), shrunk), 'unknown_signer')
    const swapped = clone(fx.chain.genesis)
    swapped.replicas[3].publicKey = swapped.replicas[2].publicKey
    assert.equal(reason(r(), swapped), 'bad_commit_signature')
    const badGenesis = clone(fx.chain.genesis)
    badGenesis.replicas[0].publicKey = 'c0' + '00'.repeat(47)
    assert.equal(reason(r(), badGenesis), 'bad_genesis')
    assert.equal(reason({ ...r(), version: 2 as 1 }), 'bad_receipt')
  }).timeout(120_000)

  test('timing: full receipt verification', ({ assert }) => {
    const genesis = clone(fx.chain.genesis)
    verifyReceipt(fx.receipt, genesis)
    const t = performance.now()
    for (let i = 0; i < 3; i++) assert.isTrue(verifyReceipt(fx.receipt, genesis).ok)
    console.log(`    timing: verifyReceipt (noble) ${((performance.now() - t) / 3).toFixed(1)} ms`)
  }).timeout(60_000)
})
