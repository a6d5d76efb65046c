import { test } from '@japa/runner'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LedgerClient } from '#ledger/ledger_client'

/*
| `txStatusMany` against scripted replicas (ephemeral loopback ports): a batch's statuses cost ONE
| `POST /txs/status` to one replica; only the txs it reports rejected or does not know are asked
| of the others (a pending tx is not), and the verdict rules still need f + 1 rejections.
*/
const PENDING = 'a'.repeat(64)
const REJECTED = 'b'.repeat(64)
const UNKNOWN = 'c'.repeat(64)

function answerFor(hash: string) {
  if (hash === PENDING) return { status: 'pending' }
  if (hash === REJECTED) {
    return { status: 'rejected', reason: 'duplicate_voter', code: 'duplicate_voter', detail: '' }
  }
  return { status: 'unknown' }
}

async function scriptedReplica(asked: string[][]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/txs/status') {
        response.writeHead(404, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: 'not_found' }))
        return
      }
      const hashes = JSON.parse(body).hashes as string[]
      asked.push(hashes)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ statuses: hashes.map(answerFor) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, server }
}

test.group('Ledger client / txStatusMany', () => {
  test('one request to one replica; only rejected and unknown txs asked of the others', async ({
    assert,
  }) => {
    const asked: string[][][] = [[], [], [], []]
    const replicas = await Promise.all(asked.map((log) => scriptedReplica(log)))
    try {
      const client = new LedgerClient({ replicas: replicas.map((r) => r.url), genesisPath: null })
      const statuses = await client.txStatusMany([PENDING, REJECTED, UNKNOWN])
      assert.equal(statuses.get(PENDING)?.status, 'pending')
      assert.equal(statuses.get(REJECTED)?.status, 'rejected', 'f + 1 replicas rejected it')
      assert.equal(statuses.get(UNKNOWN)?.status, 'unknown')

      const first = asked.findIndex((log) => log.some((h) => h.includes(PENDING)))
      assert.deepEqual(asked[first], [[PENDING, REJECTED, UNKNOWN]], 'the whole batch, once')
      for (const [i, log] of asked.entries()) {
        if (i !== first) assert.deepEqual(log, [[REJECTED, UNKNOWN]], `replica ${i}`)
      }

      // The next look starts at the next replica.
      await client.txStatusMany([PENDING])
      const second = asked.findIndex((log) => log.at(-1)?.length === 1)
      assert.notEqual(second, first)
    } finally {
      for (const r of replicas) {
        r.server.closeAllConnections()
        r.server.close()
      }
    }
  })
})
