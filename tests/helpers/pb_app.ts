import { ed25519 } from '@noble/curves/ed25519.js'
import { txKindOf } from '@civic-budget/protocol/tx'
import { type FakeChain, servedChain } from '#tests/helpers/protocol_fixtures'

/*
| The replicas' own pb app (ledger-node/dist, built at npm install) for tests that compare the
| platform's reading of a chain with what replicas accept, and a fetch serving a chain as a
| replica's GET /blocks does.
*/

type NodeApp = typeof import('../../ledger-node/dist/src/app/pb/app.js')
type Block = { timestampMs: number; txs: Uint8Array[] }

/** Commits `blocks` through a fresh PbApp with `admin` as genesis admin; each tx's verdict. */
export async function commitThroughPbApp(blocks: Block[], admin: Uint8Array) {
  const { PbApp } = (await import(
    new URL('../../ledger-node/dist/src/app/pb/app.js', import.meta.url).href
  )) as NodeApp
  const app = new PbApp({ admins: [ed25519.getPublicKey(admin)] })
  let [state, root] = [app.genesisState(), new Uint8Array(32)]
  const verdicts: { kind: string; ok: boolean; reason: string }[] = []
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
      })
    }
    const done = run.finish()
    app.commit(done.state)
    ;[state, root] = [done.state, done.stateRoot]
  }
  return { app, verdicts }
}

/** A fetch answering GET /blocks?from=H with the certified blocks of `blocks` from H on. */
export function blocksFetch(chain: FakeChain, blocks: Block[]): typeof fetch {
  const served = servedChain(chain, blocks)
  return (async (url: string) => {
    const from = Number(new URL(url).searchParams.get('from'))
    return Response.json({ blocks: served.filter((b) => b.height >= from) })
  }) as unknown as typeof fetch
}
