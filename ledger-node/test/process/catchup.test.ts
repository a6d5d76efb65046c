// A replica down while the other three commit thousands of blocks restarts and catches up; the same
// replica then loses its data directory, is refused, and rejoins empty (fetching the whole chain); a
// partitioned replica (all its frames dropped through the test-only switch) heals and catches up.
//
// Why three replicas can build thousands of blocks here: with leader reputation (consensus/election.ts)
// the dead replica leaves the active set once 10 blocks were certified without it, so no view of the
// three live ones times out any more; with round robin every rotation cost two view timeouts (~2.5
// blocks/s). Small 4-tx blocks commit at ~25–35 blocks/s on the shared 2-vCPU box (bound by per-view
// fsyncs and BLS work): 2,000 blocks in ~60–80 s alone. BUILD_MS_MAX is a bound for a hung
// cluster, not a speed target: `npm test` runs this beside the app's suite, and a machine with a
// load of 25 built 744 blocks in 150 s — the build waits only as long as it needs.
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Cluster, KvLoad, checkConsistency, sleep } from './harness.js'

const BLOCKS_WHILE_DOWN = Number(process.env.CATCHUP_BLOCKS ?? 2000)
const BUILD_MS_MAX = Number(process.env.CATCHUP_BUILD_MS_MAX ?? 480_000)

/** Polls replica `i` until it reports `height` (or `msMax` passes); returns the height reached. */
async function buildUntil(c: Cluster, i: number, height: number, msMax: number): Promise<number> {
  const end = Date.now() + msMax
  let h = 0
  while (h < height && Date.now() < end) {
    await sleep(1000)
    h = (await c.status(i))?.committedHeight ?? h
  }
  return h
}

/** A counter from replica i's /metrics. */
async function metric(c: Cluster, i: number, name: string): Promise<number> {
  const text = await (await fetch(c.url(i, '/metrics'))).text()
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text)
  assert.ok(m, `${name} in /metrics`)
  return Number(m[1])
}

const seconds = (since: number): string => ((Date.now() - since) / 1000).toFixed(1)

test(
  'replica down for thousands of blocks catches up; rejoins empty and rebuilds the chain; partitioned replica heals',
  { timeout: 150_000 + BUILD_MS_MAX },
  async () => {
    // Small blocks so that the load produces many of them.
    const c = await Cluster.create({
      app: 'kv',
      basePort: 22400,
      consensus: { blockTxsMax: 4, timeoutMsBase: 250, timeoutMsMax: 2000 },
    })
    const load = new KvLoad(c, 40, 100, 'c')
    try {
      load.start()
      // replica 3 takes part for a while (it is in the election window), then goes down
      await c.waitCommittedHeight([3], 30, 30_000)
      await c.kill(3, 'SIGKILL')
      const h0 = (await c.status(0)).committedHeight
      const timeouts0 = await metric(c, 0, 'ledger_timeouts_total')
      const t0 = Date.now()
      const h = await buildUntil(c, 0, h0 + BLOCKS_WHILE_DOWN, BUILD_MS_MAX)
      const missed = h - h0
      const timeouts = (await metric(c, 0, 'ledger_timeouts_total')) - timeouts0
      process.stdout.write(
        `# three replicas committed ${missed} blocks in ${seconds(t0)} s while replica 3 was down ` +
          `(replica 0 timed out in ${timeouts} views)\n`
      )
      assert.ok(
        missed >= BLOCKS_WHILE_DOWN,
        `only ${missed} of ${BLOCKS_WHILE_DOWN} blocks in ${BUILD_MS_MAX} ms (CATCHUP_BUILD_MS_MAX)`
      )
      c.start(3)
      const t1 = Date.now()
      await c.waitReady([3], 60_000)
      await c.waitCommittedHeight([3], h, 60_000)
      process.stdout.write(`# replica 3 caught up ${missed} blocks in ${seconds(t1)} s\n`)
      await checkConsistency(c, new Map(load.acked), 60_000)

      // replica 3 loses its whole data directory; the operator removes its marker so that it rejoins empty
      // and fetches the entire chain from its peers
      await c.kill(3, 'SIGKILL')
      fs.rmSync(path.join(c.dir, 'replica-3', 'data'), { recursive: true, force: true })
      const refused = await c.runOnce(3)
      assert.equal(refused.code, 3, refused.output)
      assert.match(refused.output, /missing or empty.*has run before/s)
      fs.rmSync(path.join(c.dir, 'replica-3', 'replica-3.started'))
      const full = (await c.status(0)).committedHeight
      assert.ok(full >= BLOCKS_WHILE_DOWN)
      const t2 = Date.now()
      c.start(3)
      await c.waitReady([3], 60_000)
      await c.waitCommittedHeight([3], full, 120_000)
      process.stdout.write(`# replica 3 rebuilt ${full} blocks from empty in ${seconds(t2)} s\n`)

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
      for (const i of [0, 1, 2, 3]) assert.ok(!c.logs(i).includes('ALARM'), c.logs(i).slice(-2000))
    } finally {
      await load.stop()
      await c.cleanup()
    }
  }
)
