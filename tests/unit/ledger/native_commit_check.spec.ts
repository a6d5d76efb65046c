import { test } from '@japa/runner'
import { nativeAggregateVerify } from '@civic-budget/protocol-node/bls'
import { blockHashOf, encodeHeader, merkleRoot, sha256, verifyCommit } from '@civic-budget/protocol'
import { commitBy, fakeChain } from '#tests/helpers/protocol_fixtures'

/* The projection's native (blst) commit check gives the same verdicts as the pure-JS one. */
test.group('Commit certificates: native and pure-JS checks agree', () => {
  const chain = fakeChain()
  const header = (height: number) =>
    encodeHeader({
      chainId: chain.genesis.chainId,
      height,
      view: height,
      parentHash: sha256(new Uint8Array([1])),
      justifyQcHash: sha256(new Uint8Array([2])),
      txRoot: merkleRoot([]),
      txCount: 0,
      stateRoot: sha256(new Uint8Array([3])),
      timestampMs: 1_805_000_000_000,
      proposer: 1,
    })
  const hash = blockHashOf(header(5))
  const other = blockHashOf(header(6))

  test('{name}')
    .with([
      { name: 'valid, 3 of 4', commit: () => commitBy(chain, hash, [0, 1, 3]), ok: true },
      { name: 'valid, 4 of 4', commit: () => commitBy(chain, hash, [3, 2, 1, 0]), ok: true },
      { name: 'signed over another block', commit: () => commitBy(chain, other, [0, 1, 2]) },
      {
        name: 'signers listed differ from who signed',
        commit: () => ({ ...commitBy(chain, hash, [0, 1, 2]), signers: [0, 1, 3] }),
      },
      { name: 'keys outside the genesis', commit: () => commitBy(fakeChain(), hash, [0, 1, 2]) },
      { name: 'too few signers', commit: () => commitBy(chain, hash, [0, 1]) },
      {
        name: 'a signature that is not a G2 point',
        commit: () => ({ signers: [0, 1, 2], signature: 'ff'.repeat(96) }),
      },
    ])
    .run(({ assert }, row) => {
      const commit = row.commit()
      const pure = verifyCommit(hash, commit, chain.genesis)
      const native = verifyCommit(hash, commit, chain.genesis, nativeAggregateVerify)
      assert.equal(pure.ok, row.ok === true)
      assert.deepEqual(native, pure)
    })
})
