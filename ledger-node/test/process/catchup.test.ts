// A replica down while the others commit many blocks restarts and catches up; a partitioned replica
// (all its frames dropped through the test-only switch) heals and catches up.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Cluster, KvLoad, checkConsistency, sleep } from './harness.js'

// Defaults fit the ~4-minute process-test budget on a shared 2-core machine; raise them to miss thousands
// of blocks (e.g. CATCHUP_BLOCKS=3000 CATCHUP_LOAD_MS_MAX=900000).
const BLOCKS_MISSED_TARGET = Number(process.env.CATCHUP_BLOCKS ?? 2000)
const CATCHUP_LOAD_MS_MAX = Number(process.env.CATCHUP_LOAD_MS_MAX ?? 40_000)

test(
  'replica down for many blocks restarts and catches up; partitioned replica heals',
  { timeout: 160_000 + CATCHUP_LOAD_MS_MAX },
  async () => {
    // Small blocks so that the load produces many of them.
    const c = await Cluster.create({
      app: 'kv',
      basePort: 42400,
      consensus: { blockTxsMax: 4, timeoutMsBase: 250, timeoutMsMax: 2000 },
    })
    const load = new KvLoad(c, 40, 100, 'c')
    try {
      load.start()
      await sleep(1000)
      await c.kill(3, 'SIGKILL')
      const h0 = (await c.status(0)).committedHeight
      const t0 = Date.now()
      let h = h0
      while (h - h0 < BLOCKS_MISSED_TARGET && Date.now() - t0 < CATCHUP_LOAD_MS_MAX) {
        await sleep(1000)
        h = (await c.status(0)).committedHeight
      }
      const missed = h - h0
      process.stdout.write(
        `# replica 3 missed ${missed} blocks in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`
      )
      assert.ok(missed >= 20, `only ${missed} blocks were committed while replica 3 was down`)
      c.start(3)
      const t1 = Date.now()
      await c.waitReady([3], 20_000)
      await c.waitCommittedHeight([3], h, 60_000)
      process.stdout.write(
        `# replica 3 caught up ${missed} blocks in ${((Date.now() - t1) / 1000).toFixed(1)} s\n`
      )

      // replica 3 loses its whole data directory; the operator removes its marker so that it rejoins empty
      // and fetches the entire chain from its peers
      await c.kill(3, 'SIGKILL')
      const fs = await import('node:fs')
      const path = await import('node:path')
      fs.rmSync(path.join(c.dir, 'replica-3', 'data'), { recursive: true, force: true })
      const refused = await c.runOnce(3)
      assert.equal(refused.code, 3, refused.output)
      assert.match(refused.output, /missing or empty.*has run before/s)
      fs.rmSync(path.join(c.dir, 'replica-3', 'replica-3.started'))
      const full = (await c.status(0)).committedHeight
      const t2 = Date.now()
      c.start(3)
      await c.waitReady([3], 20_000)
      await c.waitCommittedHeight([3], full, 90_000)
      process.stdout.write(
        `# replica 3 rebuilt ${full} blocks from empty in ${((Date.now() - t2) / 1000).toFixed(1)} s\n`
      )

      // partition replica 2: drop every frame in and out, keep load going, heal
      const r = await c.post(2, '/admin/partition', { on: true })
      assert.equal(r.body.partitioned, true)
      const hp = (await c.status(0)).committedHeight
      await sleep(4000)
      const hp2 = (await c.status(0)).committedHeight
      assert.ok(hp2 > hp, 'the other three keep committing during the partition')
      const lagging = (await c.status(2)).committedHeight
      assert.ok(lagging <= hp + 2, `partitioned replica kept committing (${lagging} vs ${hp})`)
      await c.post(2, '/admin/partition', { on: false })
      await sleep(1500)
      await load.stop()
      await c.waitCommittedHeight([2], hp2, 30_000)
      await checkConsistency(c, load.acked, 60_000)
    } finally {
      await load.stop()
      await c.cleanup()
    }
  }
)
