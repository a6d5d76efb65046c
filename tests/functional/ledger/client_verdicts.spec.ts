import { test } from '@japa/runner'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LedgerClient, txHashOf } from '#ledger/ledger_client'
import { cborDecode, cborEncode } from '@civic-budget/protocol/cbor'

/*
| The submit verdict rules with scripted replicas (ephemeral loopback ports): what each replica
| answers to POST /txs decides accepted / rejected / unavailable.
*/
type Script = 'accept' | 'invalid' | 'overloaded' | 'hang'

const posts = { count: 0 }

async function fakeReplica(script: Script): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    posts.count++
    const chunks: Buffer[] = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      if (script === 'hang') return
      if (script === 'overloaded') {
        response.writeHead(503, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: 'overloaded' }))
        return
      }
      // 'invalid' refuses the first tx of the request and accepts the others.
      // The client sends the batch as a CBOR array of tx byte strings (anything else: 415, and
      // every verdict test fails).
      if (request.headers['content-type'] !== 'application/cbor') {
        response.writeHead(415, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: 'unsupported_media_type' }))
        return
      }
      const txs = cborDecode(new Uint8Array(Buffer.concat(chunks))) as Uint8Array[]
      const hashes = txs.map((tx) => txHashOf(tx))
      response.writeHead(202, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify(
          script === 'accept'
            ? { accepted: hashes, rejected: [] }
            : {
                accepted: hashes.map((h, i) => (i === 0 ? null : h)),
                rejected: [
                  {
                    index: 0,
                    reason: 'unauthorized: not an admin',
                    code: 'unauthorized',
                    detail: 'not an admin',
                  },
                ],
              }
        )
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, server }
}

async function submitWith(scripts: Script[]) {
  const [result] = await submitManyWith(scripts, [cborEncode([1, 'campaign', new Uint8Array([1])])])
  return result
}

async function submitManyWith(scripts: Script[], txs: Uint8Array[]) {
  const replicas = await Promise.all(scripts.map(fakeReplica))
  try {
    const client = new LedgerClient({
      replicas: replicas.map((r) => r.url),
      genesisPath: null,
      submitTimeoutMs: 300,
    })
    return txs.length === 1 ? [await client.submit(txs[0])] : await client.submitMany(txs)
  } finally {
    for (const r of replicas) {
      r.server.closeAllConnections()
      r.server.close()
    }
  }
}

test.group('Ledger client verdicts', () => {
  test('accepted when one replica is slow and the others accept', async ({ assert }) => {
    const result = await submitWith(['accept', 'accept', 'accept', 'hang'])
    assert.equal(result.outcome, 'accepted')
    if (result.outcome === 'accepted') assert.equal(result.acceptedBy, 3)
  })

  test('accepted by a single replica while the others are overloaded', async ({ assert }) => {
    const result = await submitWith(['accept', 'overloaded', 'overloaded', 'overloaded'])
    assert.equal(result.outcome, 'accepted')
  })

  test('rejected only when a quorum judges it invalid', async ({ assert }) => {
    const rejected = await submitWith(['invalid', 'invalid', 'invalid', 'accept'])
    assert.deepInclude(rejected, {
      outcome: 'rejected',
      rejection: { code: 'unauthorized', detail: 'not an admin' },
      reason: 'unauthorized: not an admin',
    })
    // One (possibly Byzantine) replica saying invalid blocks "accepted" but is no rejection.
    const minority = await submitWith(['invalid', 'accept', 'accept', 'accept'])
    assert.equal(minority.outcome, 'unavailable')
  })

  test('unavailable when nobody answers in time', async ({ assert }) => {
    const result = await submitWith(['hang', 'hang', 'overloaded', 'overloaded'])
    assert.equal(result.outcome, 'unavailable')
  })

  test('submitMany: one request per replica, a verdict per tx by the same rules', async ({
    assert,
  }) => {
    const txs = [1, 2, 3].map((n) => cborEncode([1, 'kv', `k${n}`, new Uint8Array([n])]))
    posts.count = 0
    const results = await submitManyWith(['invalid', 'invalid', 'invalid', 'accept'], txs)
    assert.equal(posts.count, 4)
    assert.deepInclude(results[0], { outcome: 'rejected', txHash: txHashOf(txs[0]) })
    assert.deepInclude(results[1], { outcome: 'accepted', acceptedBy: 4 })
    assert.deepInclude(results[2], { outcome: 'accepted', acceptedBy: 4 })
    const minority = await submitManyWith(['invalid', 'accept', 'hang', 'accept'], txs)
    assert.equal(minority[0].outcome, 'unavailable')
    assert.deepInclude(minority[1], { outcome: 'accepted', acceptedBy: 3 })
  })
})
