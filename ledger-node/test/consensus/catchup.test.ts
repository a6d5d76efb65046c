import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MemoryStorage } from '../../src/storage/memory.js'
import { boot, key, sentKinds, tx } from './helpers.js'
import { MiniNet } from './mini_net.js'

test('a replica cut off for dozens of blocks (> window) catches up (from peers’ storage, in batches) after the heal', async () => {
  const net = new MiniNet()
  await net.start({ committedWindowBlocks: 16, treeBlocksMax: 16, syncBatchMax: 8 })
  net.cut.add(3)
  for (let k = 0; k < 60; k++) {
    net.submit([0, 1, 2], [tx(`a${k}`), tx(`b${k}`)])
    net.advance(50)
    net.advance(1200) // lets the views led by the silent replica 3 time out
  }
  const h0 = net.hs[0]!.replica.committedHeight
  assert.ok(h0 > 32, `the three connected replicas commit (${h0})`)
  assert.equal(net.hs[3]!.replica.committedHeight, 0)
  net.cut.delete(3)
  net.submit([0, 1, 2, 3], [tx('after-heal')])
  for (
    let k = 0;
    k < 40 && net.hs[3]!.replica.committedHeight < net.hs[0]!.replica.committedHeight;
    k++
  )
    net.advance(1000)
  const heights = net.hs.map((h) => h.replica.committedHeight)
  assert.ok(
    heights.every((x) => x === heights[0]),
    `all at one height: ${heights}`
  )
  assert.equal(net.hs[3]!.replica.status().committedHash, net.hs[0]!.replica.status().committedHash)
  // its storage has the whole chain and the app state replayed
  assert.equal(net.hs[3]!.storage.getCommittedTipSync()?.height, heights[0])
  assert.deepEqual(net.hs[3]!.app.getCommitted('a59'), new Uint8Array([1]))
  assert.ok(net.servedFromStorage > 0, 'old blocks were served from storage')
})

test('a sync request lost at start-up is re-sent by the core (bounded back-off) until a peer answers', async () => {
  const net = new MiniNet()
  await net.start({})
  net.cut.add(3)
  for (let k = 0; k < 5; k++) {
    net.submit([0, 1, 2], [tx(`s${k}`)])
    net.advance(50)
    net.advance(1200)
  }
  for (let k = 0; k < 5; k++) net.advance(1000) // the three settle; the cluster goes idle
  const top = net.hs[0]!.replica.committedHeight
  assert.ok(top >= 5, `the three connected replicas commit (${top})`)
  assert.equal(net.hs[3]!.replica.committedHeight, 0)
  // Restart replica 3 from its storage while its links are not up: the first two requests are lost.
  net.cut.delete(3)
  net.dropSyncRequestsFrom.set(3, 2)
  const { h, actions } = await boot(3, net.hs[3]!.storage, {}, net.now)
  net.hs[3] = h
  net.timers[3] = Infinity
  assert.equal(sentKinds(actions, 'syncRequest').length, 1, 'start-up sync request sent (and lost)')
  net.exec(3, actions)
  net.drain()
  // Well before the idle probe (timeoutMsMax = 10 s) the retries reach a peer and it catches up.
  for (let k = 0; k < 20 && h.replica.committedHeight < top; k++) net.advance(100)
  assert.equal(net.dropSyncRequestsFrom.get(3), 0, 'both lost requests were retried')
  assert.equal(h.replica.committedHeight, top, 'caught up within 2 s of the restart')
  assert.equal(h.replica.status().committedHash, net.hs[0]!.replica.status().committedHash)
  assert.equal(h.replica.status().syncing, false, 'start-up sync ends once answered')
})

test('with no peer reachable the start-up sync keeps retrying with capped back-off', async () => {
  const { actions: first, h } = await boot(1, new MemoryStorage(), {
    syncRetryMsBase: 200,
    syncRetryMsMax: 1000,
  })
  assert.equal(sentKinds(first, 'syncRequest').length, 1)
  const sendTimes: number[] = []
  let timer = Math.min(...first.flatMap((a) => (a.kind === 'setTimer' ? [a.atMs] : [])))
  for (let k = 0; k < 40 && timer <= 20_000; k++) {
    const now = timer
    const acts = h.replica.onTick(now)
    if (sentKinds(acts, 'syncRequest').length > 0) sendTimes.push(now)
    timer = Math.min(...acts.flatMap((a) => (a.kind === 'setTimer' ? [a.atMs] : [])))
  }
  assert.ok(sendTimes.length >= 6, `retries: ${sendTimes}`)
  const gaps = sendTimes.slice(1).map((t, i) => t - sendTimes[i]!)
  assert.ok(
    gaps.every((g) => g <= 1000),
    `back-off capped at syncRetryMsMax: ${gaps}`
  )
  assert.ok(gaps[0]! < gaps[gaps.length - 1]!, `back-off grows: ${gaps}`)
})

test('a child proposal whose parent is unknown is buffered, fetched and then voted', async () => {
  const net = new MiniNet()
  await net.start({})
  // replica 2 misses the first proposal (cut), then gets the next one
  net.cut.add(2)
  net.submit([0, 1, 3], [tx('x')])
  net.cut.delete(2)
  net.submit([0, 1, 2, 3], [tx('y')])
  for (let k = 0; k < 30; k++) net.advance(200)
  const heights = net.hs.map((h) => h.replica.committedHeight)
  assert.ok(heights[2]! > 0 && heights.every((x) => x === heights[0]), `heights ${heights}`)
})

test('commit certificates missing because signatures were lost are filled in later (re-broadcast + hand-over)', async () => {
  const net = new MiniNet()
  await net.start({})
  net.dropKinds.add('commitSig')
  for (let k = 0; k < 6; k++) {
    net.submit([0, 1, 2, 3], [tx(`c${k}`)])
    net.advance(100)
  }
  const top = net.hs[0]!.replica.committedHeight
  assert.ok(top >= 6)
  assert.equal(
    net.hs[0]!.replica.commitCert(1),
    undefined,
    'no certificates while signatures are lost'
  )
  net.dropKinds.clear()
  for (let k = 0; k < 4; k++) net.advance(10_000) // idle probes re-broadcast signatures
  for (const h of net.hs) {
    for (let height = 1; height <= h.replica.committedHeight; height++) {
      assert.ok(
        h.replica.commitCert(height) !== undefined,
        `replica ${h.replica.status().index} has a cert for ${height}`
      )
      assert.ok(h.storage.getCommitCertSync(height) !== undefined)
    }
  }
})

test('commit signatures are checked as one aggregate; a bad one is found and left out of the certificate', async () => {
  const { commitSigningMessage } = await import('../../src/codec/signing.js')
  const net = new MiniNet()
  await net.start({})
  net.dropKinds.add('commitSig')
  net.submit([0, 1, 2, 3], [tx('cs')])
  for (let k = 0; k < 5; k++) net.advance(100)
  const r0 = net.hs[0]!
  const b = r0.replica.committedBlock(1)!
  assert.ok(b !== undefined && r0.replica.commitCert(1) === undefined)
  const good = (i: number) => ({
    kind: 'commitSig' as const,
    height: 1,
    blockHash: b.hash,
    signer: i,
    sig: key(i).sign(commitSigningMessage(b.hash)),
  })
  const bad = { ...good(1), sig: key(1).sign(new Uint8Array([1, 2, 3])) }
  r0.replica.onMessage(1, bad, net.now)
  r0.replica.onMessage(2, good(2), net.now) // own + bad + good = quorum: aggregate fails, bad dropped
  assert.equal(r0.replica.commitCert(1), undefined, 'no certificate with a bad signature')
  const acts = r0.replica.onMessage(3, good(3), net.now)
  const cert = r0.replica.commitCert(1)
  assert.ok(cert !== undefined)
  assert.deepEqual([...cert.signers], [0, 2, 3])
  assert.ok(acts.some((a) => a.kind === 'certified'))
  assert.ok(!acts.some((a) => a.kind === 'alarm'))
})
