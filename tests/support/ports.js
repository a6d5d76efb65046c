/*
| Ports for what a test run starts (ledger clusters, app servers), so that a leftover of an earlier
| run or another checkout's run on the same machine can neither be mistaken for ours nor make ours
| fail to start:
|   - `findFreePorts` tries the preferred base first and probes every port it needs; when one is
|     taken it says who holds it (a ledger replica of which chain, some HTTP server, something
|     else) and moves to a random free base in the fallback band;
|   - `checkOwnReplica` asks a replica for its genesis: a chain id other than ours (init makes a
|     random one per cluster) means a stale replica answers on our port, which is an error.
| Ports stay below Linux's ephemeral range (32768–60999) so no outgoing connection can take one.
*/
import { createServer } from 'node:net'

const FALLBACK_FIRST = 30_000
const FALLBACK_LAST = 32_700
const FALLBACK_STEP = 200
const ATTEMPTS = 20

/** True when nothing listens on 127.0.0.1:`port` (checked by binding it for a moment). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true))
    )
  })
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
  return response.ok ? response.json() : null
}

/** Who answers on a taken port, in words for a report. */
export async function describeHolder(port) {
  const base = `http://127.0.0.1:${port}`
  const genesis = await getJson(`${base}/genesis`).catch(() => null)
  if (genesis?.chainId) {
    return `a ledger replica of chain ${genesis.chainId} (a leftover of an earlier run or another checkout's run)`
  }
  const answers = await fetch(base, { signal: AbortSignal.timeout(2000) })
    .then(() => true)
    .catch(() => false)
  return answers ? 'an HTTP server that is not ours' : 'another process'
}

/**
 * A base port such that `base + offset` is free for every offset: `preferred` when it is free,
 * otherwise a random base in the fallback band (each move is reported on stderr with the holder).
 */
export async function findFreePorts(preferred, offsets, label) {
  let base = preferred
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let taken = null
    for (const offset of offsets) {
      if (!(await portIsFree(base + offset))) {
        taken = base + offset
        break
      }
    }
    if (taken === null) return base
    let next = randomFallbackBase(Math.max(...offsets))
    while (next === base) next = randomFallbackBase(Math.max(...offsets))
    console.warn(
      `[${label}] port ${taken} is taken by ${await describeHolder(taken)}: trying ${offsets.length > 1 ? 'base port' : 'port'} ${next}`
    )
    base = next
  }
  throw new Error(`[${label}] no free ports found after ${ATTEMPTS} attempts`)
}

function randomFallbackBase(span) {
  const slots = Math.floor((FALLBACK_LAST - span - FALLBACK_FIRST) / FALLBACK_STEP) + 1
  return FALLBACK_FIRST + FALLBACK_STEP * Math.floor(Math.random() * slots)
}

/** The ports of an n-replica cluster made by `ledger-node init --base-port base`. */
export function clusterPortOffsets(replicas = 4) {
  const indices = [...Array(replicas).keys()]
  return [...indices, ...indices.map((i) => 100 + i)]
}

/**
 * Whether the replica at `url` is ours: `'ours'`, `'down'` (nothing answers yet) or a description
 * of the stranger that answers (its chain id differs from `chainId`).
 */
export async function checkOwnReplica(url, chainId) {
  const genesis = await getJson(`${url}/genesis`).catch(() => null)
  if (!genesis) return 'down'
  if (genesis.chainId === chainId) return 'ours'
  return `a replica of chain ${genesis.chainId}, not ours (${chainId}): a stale cluster holds the port`
}
