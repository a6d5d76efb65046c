import { ed25519 } from '@noble/curves/ed25519.js'
import { PbApp } from '@civic-budget/ledger-node/pb'
import { txKindOf } from '@civic-budget/protocol/tx'
import { refusedInCertifiedBlock } from '#outcomes/audit/execute_chain'
import { type FakeChain, type ServedBlock, servedChain } from '#tests/helpers/protocol_fixtures'

/*
| The replicas' own pb app (`@civic-budget/ledger-node/pb`) for tests that compare the platform's
| reading of a chain with what replicas accept, chains served with the state roots replicas compute,
| and a fetch serving a chain as a replica's GET /blocks does.
*/

type Block = { timestampMs: number; txs: Uint8Array[] }

/**
 * Commits `blocks` through a fresh PbApp with `admin` as genesis admin, as a replica executes them:
 * each tx's verdict and each block's state root.
 */
export function commitThroughPbApp(blocks: Block[], admin: Uint8Array) {
  const app = new PbApp({ admins: [ed25519.getPublicKey(admin)] })
  let [state, root] = [app.genesisState(), new Uint8Array(32)]
  const verdicts: { kind: string; ok: boolean; reason: string; height: number }[] = []
  const stateRoots: Uint8Array[] = []
  for (const [i, block] of blocks.entries()) {
    const run = app.beginBlock(state, root, {
      chainId: 'c',
      height: i + 1,
      timestampMs: block.timestampMs,
    })
    for (const tx of block.txs) {
      const outcome = run.deliverTx(tx)
      verdicts.push({
        kind: txKindOf(tx),
        ok: outcome.ok,
        reason: outcome.ok ? '' : outcome.reason,
        height: i + 1,
      })
    }
    const done = run.finish()
    app.commit(done.state)
    ;[state, root] = [done.state, done.stateRoot]
    stateRoots.push(done.stateRoot)
  }
  return { app, verdicts, stateRoots }
}

/** `blocks` as certified and served, each header with the state root the replicas' app computes. */
export function pbServedChain(chain: FakeChain, blocks: Block[], admin: Uint8Array): ServedBlock[] {
  const { stateRoots } = commitThroughPbApp(blocks, admin)
  return servedChain(
    chain,
    blocks.map((block, i) => ({ ...block, stateRoot: stateRoots[i] }))
  )
}

/** A fetch answering GET /blocks?from=H with the served blocks from H on. */
export function blocksFetch(served: ServedBlock[]): typeof fetch {
  return (async (url: string) => {
    const from = Number(new URL(url).searchParams.get('from'))
    return Response.json({ blocks: served.filter((b) => b.height >= from) })
  }) as unknown as typeof fetch
}

/** The audit's differences for the txs `commitThroughPbApp` saw refused, in chain order. */
export function refusedDifferences(verdicts: { ok: boolean; reason: string; height: number }[]) {
  return verdicts
    .filter((verdict) => !verdict.ok)
    .map((verdict) => refusedInCertifiedBlock(verdict.height, verdict.reason))
}
