import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LedgerClient } from '#ledger/ledger_client'
import { fakeChain, servedChain, type ServedBlock } from '#tests/helpers/protocol_fixtures'

/*
| A replica serving `GET /blocks` of a chain certified with test replica keys, for feeding the
| projection exactly the blocks a test wants (the projection verifies headers, Merkle roots and
| commit certificates, not the txs' own checks, which the replicas made). Free port, closed by `stop`.
*/
export interface ScriptedChain {
  client: LedgerClient
  /** Serves these blocks (heights 1, 2, …) from now on. */
  serve(blocks: { txs: Uint8Array[]; timestampMs: number }[]): void
  stop(): Promise<void>
}

export async function scriptedChain(): Promise<ScriptedChain> {
  const chain = fakeChain()
  let served: ServedBlock[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const from = Number(url.searchParams.get('from') ?? 1)
    const limit = Number(url.searchParams.get('limit') ?? 20)
    const page = served.filter((b) => b.height >= from && b.height < from + limit)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ blocks: page }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = mkdtempSync(join(tmpdir(), 'cb-encrypted-projection-'))
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify(chain.genesis))
  return {
    client: new LedgerClient({
      replicas: [url, url, url, url],
      genesisPath: join(dir, 'genesis.json'),
    }),
    serve(blocks) {
      served = servedChain(chain, blocks)
    },
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
