import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeKvTx } from '../../src/app/kv.js'
import { MiniNet } from './mini_net.js'

// Scaled down from the node's limits (4 MiB blocks, frames of twice that plus 1 MiB, 128-block batches):
// 16 KiB blocks (four 4 KB txs), frames of 2 · 16 KiB + 4 KiB.
const BLOCK_BYTES_MAX = 16 << 10
const FRAME_BYTES_MAX = 2 * BLOCK_BYTES_MAX + (4 << 10)
const BLOCKS_BEHIND = 300

function bigTx(i: number): Uint8Array {
  return encodeKvTx(`big${i}`, new Uint8Array(4000).fill(i % 251))
}

test('issue #12 item 6: a replica 300 large blocks behind catches up through byte-capped sync responses', async () => {
  const net = new MiniNet()
  await net.start({
    blockBytesMax: BLOCK_BYTES_MAX,
    syncBytesMax: BLOCK_BYTES_MAX,
    // the smallest window the default sync batch allows (window ≥ tree ≥ batch + 8): 300 blocks
    // behind are served from storage
    committedWindowBlocks: 136,
    treeBlocksMax: 136,
  })
  net.frameBytesMax = FRAME_BYTES_MAX
  net.cut.add(3)
  for (let i = 0; net.hs[0]!.replica.committedHeight < BLOCKS_BEHIND; i++) {
    assert.ok(i < 4 * BLOCKS_BEHIND, 'the three connected replicas keep committing')
    net.submit(
      [0, 1, 2],
      Array.from({ length: 12 }, (_, k) => bigTx(12 * i + k))
    )
    net.advance(50)
    net.advance(1200) // views led by the silent replica 3 time out until it leaves the election
  }
  for (let k = 0; k < 5; k++) net.advance(1000) // the three settle at one height
  const top = net.hs[0]!.replica.committedHeight
  assert.equal(net.hs[3]!.replica.committedHeight, 0)
  const store = net.hs[0]!.storage
  let txBytes = 0
  for (let h = 1; h <= top; h++)
    for (const t of store.getBlockSync(store.getCommittedHashSync(h)!)!.txs) txBytes += t.length
  assert.ok(txBytes >= top * 8000, `${txBytes} tx bytes in ${top} blocks`)

  net.cut.delete(3)
  // The idle probe (every timeoutMsMax) starts the catch-up; before the byte cap, every response of
  // the batch size (128 blocks, ~2 MB) was refused as a frame and the same request was retried forever.
  for (let k = 0; k < 200 && net.hs[3]!.replica.committedHeight < top; k++) net.advance(1000)
  assert.equal(net.hs[3]!.replica.committedHeight, top)
  assert.equal(net.hs[3]!.replica.status().committedHash, net.hs[0]!.replica.status().committedHash)
  assert.deepEqual(net.hs[3]!.app.getCommitted('big0'), new Uint8Array(4000).fill(0))
  assert.equal(net.oversized, 0, 'no message exceeded the frame limit')
  assert.ok(net.servedFromStorage > 0, 'old blocks were served from storage')
})
