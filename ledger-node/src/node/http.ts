// Replica HTTP API (ledger.md "Replica HTTP API"). JSON in and out; errors are `{error, message}` with a
// 4xx status; a handler failure answers 500 and never stops the process.
//
//   GET  /status                 {index, view, leader, height, committedHeight, committedHash, peersConnected,
//                                 mempool} (leader: of `view`, for a block extending this replica's highQc)
//   POST /txs                    {txs: [base64]} → 202 {accepted: [hash|null], rejected: [{index, reason, code, detail}]}
//   POST /txs/status             {hashes: [hex] (≤ 4096)} → {statuses: [as GET /txs/:txHash, in order]}
//   GET  /txs/:txHash            {status: pending|committed|rejected|unknown, height?, receipt?, reason?,
//                                 code?, detail?}   (a rejection is typed: `code` of @civic-budget/protocol's
//                                 REJECTION_CODES, `detail` its facts; `reason` is the same as one line)
//   GET  /blocks?from=H&limit=L  {blocks: [{height, blockHash, header, txs, commit: {signers, signature}|null}]}
//   GET  /genesis                the genesis file
//   GET  /metrics                Prometheus text
//   GET  /kv/:key                kv app: {key, value (base64)} of the committed value; 404 if absent
//   GET  /pb/campaigns/:id/tally pb app: committed tallies (ballots incl. paper, credentials issued)
//   POST /admin/partition        {on: bool} — test-only fault switch, only with LEDGER_TEST_FAULTS=1
//
// Every GET answer carries `Access-Control-Allow-Origin: *`: the public data (receipts, blocks, genesis)
// is readable by a browser page of any origin (the app's check-my-ballot page asks each replica
// directly). POSTs stay same-origin only (no CORS headers; a browser cannot send a JSON POST cross-site).
import { rejectionOf, type Rejection } from '@civic-budget/protocol/rejections'
import http from 'node:http'
import { txHash } from '../codec/tx.js'
import { parseCborTxList, TxListError } from './tx_list.js'
import { toHex } from '../crypto/hash.js'
import { encodeHeader } from '../codec/block.js'
import { buildReceipt } from '../crypto/receipt.js'
import type { ReplicaNode } from './replica_node.js'
import type { Issued } from '../app/pb/app.js'
import type { Block, CommitCert } from '../consensus/types.js'

export interface HttpHandle {
  server: http.Server
  close(): Promise<void>
}

export const TXS_PER_REQUEST_MAX = 20_000
export const BLOCKS_PER_REQUEST_MAX = 100
export const STATUS_HASHES_MAX = 4096
/** Txs verified between two yields to the event loop. */
const VERIFY_SLICE = 64
/**
 * Tx bytes decoded and verified between two yields: big records cost by size (a 1024-share
 * decryption-shares batch, ~133 KB, takes ~0.5 s to decode: its ~3,000 points are validated).
 */
const VERIFY_SLICE_BYTES = 256 * 1024
/** Txs handed to the core per admission event. */
const ADMIT_SLICE = 1024

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r))

/** Consecutive slices of at most VERIFY_SLICE txs and VERIFY_SLICE_BYTES bytes (at least one tx). */
function* verifySlices(txs: readonly Uint8Array[]): Generator<Uint8Array[]> {
  let slice: Uint8Array[] = []
  let bytes = 0
  for (const tx of txs) {
    if (
      slice.length > 0 &&
      (slice.length >= VERIFY_SLICE || bytes + tx.length > VERIFY_SLICE_BYTES)
    ) {
      yield slice
      slice = []
      bytes = 0
    }
    slice.push(tx)
    bytes += tx.length
  }
  if (slice.length > 0) yield slice
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/

function send(res: http.ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8')
}

function sendText(res: http.ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > max) {
      reject(new HttpError(413, 'body_too_large', `body larger than ${max} bytes`))
      req.resume()
      return
    }
    const chunks: Buffer[] = []
    let n = 0
    req.on('data', (c: Buffer) => {
      n += c.length
      if (n > max) {
        reject(new HttpError(413, 'body_too_large', `body larger than ${max} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function intParam(u: URL, name: string, def: number | undefined, min: number, max: number): number {
  const v = u.searchParams.get(name)
  if (v === null) {
    if (def === undefined)
      throw new HttpError(400, 'bad_request', `missing query parameter ${name}`)
    return def
  }
  if (!/^\d+$/.test(v))
    throw new HttpError(400, 'bad_request', `${name} must be a non-negative integer`)
  const n = Number(v)
  if (n < min || n > max)
    throw new HttpError(400, 'bad_request', `${name} must be in ${min}..${max}`)
  return n
}

export async function startHttp(
  node: ReplicaNode,
  host: string,
  port: number,
  bodyBytesMax: number
): Promise<HttpHandle> {
  const server = http.createServer((req, res) => {
    handle(node, req, res, bodyBytesMax).catch((e: unknown) => {
      if (e instanceof HttpError) send(res, e.status, { error: e.code, message: e.message })
      else {
        process.stderr.write(`[replica ${node.index}] http error: ${(e as Error).stack ?? e}\n`)
        if (!res.headersSent) send(res, 500, { error: 'internal', message: (e as Error).message })
        else res.destroy()
      }
    })
  })
  server.keepAliveTimeout = 30_000
  server.requestTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    server,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}

async function handle(
  node: ReplicaNode,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  bodyBytesMax: number
): Promise<void> {
  const u = new URL(req.url ?? '/', 'http://x')
  const p = u.pathname
  const method = req.method ?? 'GET'
  if (method === 'GET') res.setHeader('access-control-allow-origin', '*')
  if (method === 'GET' && p === '/status') {
    const s = node.core.status()
    return send(res, 200, {
      index: node.index,
      view: s.view,
      leader: s.leader,
      height: Math.max(node.maxBlockHeight, s.committedHeight),
      committedHeight: s.committedHeight,
      committedHash: s.committedHash,
      peersConnected: node.transport.peersConnected(),
      mempool: s.mempool,
    })
  }
  if (method === 'POST' && p === '/txs') return postTxs(node, req, res, bodyBytesMax)
  if (method === 'POST' && p === '/txs/status') return postTxStatus(node, req, res)
  if (method === 'GET' && p.startsWith('/txs/')) return getTx(node, p.slice(5), res)
  if (method === 'GET' && p === '/blocks') return getBlocks(node, u, res)
  if (method === 'GET' && p === '/genesis')
    return sendText(res, 200, node.loaded.genesisText, 'application/json; charset=utf-8')
  if (method === 'GET' && p === '/metrics')
    return sendText(res, 200, metricsText(node), 'text/plain; version=0.0.4; charset=utf-8')
  if (method === 'GET' && p.startsWith('/kv/')) {
    if (!node.kv) throw new HttpError(404, 'not_found', 'this replica does not run the kv app')
    let key: string
    try {
      key = decodeURIComponent(p.slice(4))
    } catch {
      throw new HttpError(400, 'bad_request', 'key is not valid percent-encoding')
    }
    const v = node.kv.getCommitted(key)
    if (v === undefined) throw new HttpError(404, 'not_found', `no committed value for key ${key}`)
    return send(res, 200, { key, value: b64(v) })
  }
  const m = /^\/pb\/campaigns\/(\d+)\/tally$/.exec(p)
  if (method === 'GET' && m) {
    if (!node.pb) throw new HttpError(404, 'not_found', 'this replica does not run the pb app')
    const t = node.pb.committedTally(Number(m[1]))
    if (!t) throw new HttpError(404, 'not_found', 'unknown campaign')
    return send(res, 200, {
      campaignId: Number(m[1]),
      ballots: t.ballots,
      paperBallots: t.paperBallots,
      encryptedBallots: node.pb.committedEncryptedCount(Number(m[1])),
      credentialsIssued: issuedJson(node.pb.committedIssued(Number(m[1]))),
      projects: [...t.projects]
        .sort((a, b) => a[0] - b[0])
        .map(([id, v]) => ({ id, votes: v.votes, points: v.points })),
      pots: [...t.pots].sort((a, b) => a[0] - b[0]).map(([id, ballots]) => ({ id, ballots })),
      updatedAtHeight: node.pb.committedHeight(),
    })
  }
  if (method === 'POST' && p === '/admin/partition' && process.env.LEDGER_TEST_FAULTS === '1') {
    const body = JSON.parse((await readBody(req, 1024)).toString() || '{}') as { on?: boolean }
    node.transport.partitioned = body.on === true
    return send(res, 200, { partitioned: node.transport.partitioned })
  }
  throw new HttpError(404, 'not_found', `no route ${method} ${p}`)
}

function issuedJson(i: Issued | undefined) {
  if (!i) return null
  const communities = [...i.communities].sort((a, b) => a[0] - b[0])
  return {
    asOfMs: i.asOfMs,
    total: i.total,
    communities: communities.map(([communityId, total]) => ({ communityId, total })),
  }
}

async function postTxs(
  node: ReplicaNode,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  bodyBytesMax: number
): Promise<void> {
  if (node.overloaded()) {
    req.resume()
    res.setHeader('retry-after', '1')
    throw new HttpError(503, 'overloaded', 'the replica is behind on consensus events; retry later')
  }
  const raw = await readBody(req, bodyBytesMax)
  const { decoded, badReason } = parseTxsBody(raw, req.headers['content-type'])
  const accepted: (string | null)[] = new Array(decoded.length).fill(null)
  const rejected: ({ index: number; reason: string } & Rejection)[] = []
  const reject = (index: number, reason: string) =>
    rejected.push({ index, reason, ...rejectionOf(reason) })
  const toCore: Uint8Array[] = []
  const toCoreIdx: number[] = []
  const now = Date.now()
  const hashes: string[] = []
  for (const tx of decoded) hashes.push(tx === null ? '' : txHash(tx)) // memoized: the core and the indexes reuse this hash of the same array
  const known = await node.storage.getTxMany(hashes.filter((h) => h !== ''))
  // Batch-verify ballot credentials first (randomized batch check, cached per tx), then pre-check each tx.
  // Expensive checks run in slices with yields to the event loop, so a large submission never holds up
  // consensus messages (which would make views time out under load): batch-verify ballot credentials
  // (cached per tx), then the stateless checks (signatures; cached, so the core's checkTx is cheap).
  if (node.pb) {
    const valid = decoded.filter((d): d is Uint8Array => d !== null)
    for (const slice of verifySlices(valid)) {
      node.pb.prevalidate(slice)
      await yieldToEventLoop()
    }
    for (const [i, element] of valid.entries()) {
      node.pb.checkTx(element!)
      if (i % VERIFY_SLICE === VERIFY_SLICE - 1) await yieldToEventLoop()
    }
  }
  let k = 0
  for (const [i, tx] of decoded.entries()) {
    if (tx === null) {
      reject(i, badReason)
      continue
    }
    const hash = hashes[i]!
    if (known[k++] !== undefined) {
      accepted[i] = hash // already committed: a safe retry gets the same answer
      continue
    }
    const pre = node.pb?.precheck(tx, now) ?? null
    if (pre !== null) {
      node.rejections.set(hash, pre)
      reject(i, pre)
      continue
    }
    toCore.push(tx)
    toCoreIdx.push(i)
  }
  if (toCore.length > 0) {
    for (let from = 0; from < toCore.length; from += ADMIT_SLICE) {
      const results = await node.submitTxs(toCore.slice(from, from + ADMIT_SLICE))
      results.forEach((r, j) => {
        const i = toCoreIdx[from + j]!
        if (r.accepted || r.reason === 'already committed') accepted[i] = r.txHash
        else reject(i, r.reason)
      })
    }
  }
  rejected.sort((a, b) => a.index - b.index)
  send(res, 202, { accepted, rejected })
}

/**
 * The txs of a `POST /txs` body: JSON `{txs: [base64]}`, or with `Content-Type: application/cbor` the
 * CBOR array `[bstr…]` (tx_list.ts). null = an entry that is no tx (rejected alone, with `badReason`).
 */
function parseTxsBody(
  raw: Buffer,
  contentType: string | undefined
): { decoded: (Uint8Array | null)[]; badReason: string } {
  if (contentType !== undefined && /^application\/cbor\b/i.test(contentType)) {
    let txs: Uint8Array[]
    try {
      txs = parseCborTxList(raw, TXS_PER_REQUEST_MAX)
    } catch (e) {
      if (!(e instanceof TxListError)) throw e
      const tooMany = e.message.startsWith('more than')
      throw new HttpError(
        400,
        tooMany ? 'too_many_txs' : 'bad_cbor',
        tooMany
          ? `at most ${TXS_PER_REQUEST_MAX} txs per request`
          : `body must be a CBOR array of byte strings: ${e.message}`
      )
    }
    return {
      decoded: txs.map((tx) => (tx.length === 0 ? null : tx)),
      badReason: 'malformed: empty tx',
    }
  }
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new HttpError(400, 'bad_json', 'body must be JSON {txs: [base64]}')
  }
  const list = (body as { txs?: unknown })?.txs
  if (!Array.isArray(list)) throw new HttpError(400, 'bad_request', 'body must be {txs: [base64]}')
  if (list.length > TXS_PER_REQUEST_MAX)
    throw new HttpError(400, 'too_many_txs', `at most ${TXS_PER_REQUEST_MAX} txs per request`)
  const decoded = list.map((s) =>
    typeof s !== 'string' || s.length === 0 || !B64_RE.test(s)
      ? null
      : new Uint8Array(Buffer.from(s, 'base64'))
  )
  return { decoded, badReason: 'not a base64 string' }
}

async function getTx(node: ReplicaNode, hash: string, res: http.ServerResponse): Promise<void> {
  if (!/^[0-9a-f]{64}$/.test(hash))
    throw new HttpError(400, 'bad_request', 'txHash must be 64 lowercase hex characters')
  return send(res, 200, await txStatusOf(node, hash, new Map()))
}

/** A committed block with its certificate, looked up once per request however many of its txs are asked. */
type BlockLook = Promise<{ block: Block; cert: CommitCert } | undefined>

async function committedBlock(node: ReplicaNode, height: number): BlockLook {
  const blockHash = await node.storage.getCommittedHash(height)
  const block = blockHash && (await node.storage.getBlock(blockHash))
  const cert = node.core.commitCert(height) ?? (await node.storage.getCommitCert(height))
  return block && cert ? { block, cert } : undefined
}

async function txStatusOf(
  node: ReplicaNode,
  hash: string,
  blocks: Map<number, BlockLook>
): Promise<Record<string, unknown>> {
  const loc = await node.storage.getTx(hash)
  if (loc !== undefined) {
    let look = blocks.get(loc.height)
    if (!look) blocks.set(loc.height, (look = committedBlock(node, loc.height)))
    const found = await look
    const out: Record<string, unknown> = { status: 'committed', height: loc.height }
    if (found) out.receipt = buildReceipt(found.block, loc.position, found.cert)
    return out
  }
  if (node.core.hasPendingTx(hash)) return { status: 'pending' }
  const reason = node.rejections.get(hash) ?? node.pb?.failures.get(hash)
  if (reason !== undefined) return { status: 'rejected', reason, ...rejectionOf(reason) }
  return { status: 'unknown' }
}

/**
 * POST /txs/status {hashes: [hex]} → {statuses: [GET /txs/:hash answer, in order]}: the status of a
 * whole batch in one request (the app follows its batches with it), each block read once.
 */
async function postTxStatus(
  node: ReplicaNode,
  req: http.IncomingMessage,
  res: http.ServerResponse
): Promise<void> {
  const raw = await readBody(req, STATUS_HASHES_MAX * 70 + 64)
  let hashes: unknown
  try {
    hashes = (JSON.parse(raw.toString('utf8')) as { hashes?: unknown })?.hashes
  } catch {
    throw new HttpError(400, 'bad_json', 'body must be JSON {hashes: [hex]}')
  }
  if (!Array.isArray(hashes) || hashes.length > STATUS_HASHES_MAX)
    throw new HttpError(
      400,
      'bad_request',
      `body must be {hashes: [hex]}, at most ${STATUS_HASHES_MAX}`
    )
  if (!hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)))
    throw new HttpError(400, 'bad_request', 'every hash must be 64 lowercase hex characters')
  const blocks = new Map<number, BlockLook>()
  const statuses = []
  for (const hash of hashes as string[]) statuses.push(await txStatusOf(node, hash, blocks))
  send(res, 200, { statuses })
}

async function getBlocks(node: ReplicaNode, u: URL, res: http.ServerResponse): Promise<void> {
  const from = intParam(u, 'from', 1, 0, Number.MAX_SAFE_INTEGER)
  const limit = intParam(u, 'limit', 20, 1, BLOCKS_PER_REQUEST_MAX)
  const blocks: unknown[] = []
  const start = Math.max(1, from)
  for (let h = start; h < start + limit; h++) {
    const hash = await node.storage.getCommittedHash(h)
    if (hash === undefined) break
    const b = await node.storage.getBlock(hash)
    if (b === undefined) break
    const cert = node.core.commitCert(h) ?? (await node.storage.getCommitCert(h))
    blocks.push({
      height: h,
      blockHash: toHex(b.hash),
      header: b64(encodeHeader(b.header)),
      txs: b.txs.map(b64),
      commit: cert ? { signers: [...cert.signers], signature: toHex(cert.sig) } : null,
    })
  }
  send(res, 200, { blocks })
}

function metricsText(node: ReplicaNode): string {
  const s = node.core.status()
  const cs = node.core.stats
  const t = node.transport.stats
  const lines: string[] = []
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
    lines.push(
      `# HELP ledger_${name} ${help}`,
      `# TYPE ledger_${name} ${type}`,
      `ledger_${name} ${Number.isFinite(value) ? value : 0}`
    )
  }
  metric('view', 'gauge', 'Current consensus view.', s.view)
  metric('committed_height', 'gauge', 'Height of the committed tip.', s.committedHeight)
  metric('block_height', 'gauge', 'Highest block height persisted.', node.maxBlockHeight)
  metric(
    'commits_total',
    'counter',
    'Blocks committed by this replica since start.',
    node.metrics.commits
  )
  metric(
    'committed_txs_total',
    'counter',
    'Transactions committed since start.',
    node.metrics.committedTxs
  )
  metric(
    'certified_total',
    'counter',
    'Commit certificates formed or received.',
    node.metrics.certified
  )
  metric('proposals_total', 'counter', 'Blocks proposed.', cs.proposals)
  metric('votes_total', 'counter', 'Votes signed.', cs.votes)
  metric('timeouts_total', 'counter', 'View timeouts signed.', cs.timeouts)
  metric('qcs_formed_total', 'counter', 'Quorum certificates formed.', cs.qcsFormed)
  metric('tcs_formed_total', 'counter', 'Timeout certificates formed.', cs.tcsFormed)
  metric('sync_requests_total', 'counter', 'Catch-up requests sent.', cs.syncRequests)
  metric('mempool_size', 'gauge', 'Transactions waiting in the mempool.', s.mempool)
  metric(
    'peers_connected',
    'gauge',
    'Peers with an authenticated outbound link.',
    node.transport.peersConnected()
  )
  metric(
    'verify_total',
    'counter',
    'BLS verifications by the consensus core.',
    node.crypto.stats.verifies
  )
  metric(
    'verify_seconds_total',
    'counter',
    'Time spent in BLS verification by the consensus core.',
    node.crypto.stats.verifyMsTotal / 1000
  )
  if (node.pb) {
    metric(
      'app_verify_total',
      'counter',
      'Ballot signature, credential and encryption-proof verifications.',
      node.pb.stats.signatureVerifies +
        node.pb.stats.credentialVerifies +
        node.pb.stats.proofVerifies
    )
    metric(
      'app_verify_seconds_total',
      'counter',
      'Time spent verifying ballot signatures and credentials.',
      node.pb.stats.verifyMsTotal / 1000
    )
  }
  metric(
    'core_seconds_total',
    'counter',
    'Time spent inside the consensus core (incl. app execution and verification).',
    node.metrics.coreMsTotal / 1000
  )
  metric(
    'events_total',
    'counter',
    'Events processed by the consensus core.',
    node.metrics.eventsProcessed
  )
  metric('event_queue_max', 'gauge', 'Longest event queue seen.', node.metrics.queueMax)
  metric(
    'event_queue_bytes_max',
    'gauge',
    'Largest event queue seen, in bytes.',
    node.metrics.queueBytesMax
  )
  metric('persist_total', 'counter', 'Storage write batches.', node.metrics.persists)
  metric(
    'persist_seconds_total',
    'counter',
    'Time spent in storage writes.',
    node.metrics.persistMsTotal / 1000
  )
  metric('frames_in_total', 'counter', 'Frames received from peers.', t.framesIn)
  metric('frames_out_total', 'counter', 'Frames sent to peers.', t.framesOut)
  metric(
    'frames_dropped_total',
    'counter',
    'Frames dropped (peer down, queue full, partition).',
    t.framesDropped
  )
  metric('peers_dropped_total', 'counter', 'Peer links dropped for misbehaviour.', t.peersDropped)
  metric(
    'dropped_messages_total',
    'counter',
    'Peer messages dropped because the event queue was full.',
    node.metrics.droppedMessages
  )
  metric(
    'bad_messages_total',
    'counter',
    'Malformed consensus messages received.',
    node.metrics.badMessages
  )
  metric('tree_blocks', 'gauge', 'Blocks in the block tree (committed tip included).', s.treeBlocks)
  metric('orphan_blocks', 'gauge', 'Proposals buffered while their parent is unknown.', s.orphans)
  metric('pooled_votes', 'gauge', 'Votes held for QCs not yet formed.', s.pooledVotes)
  metric(
    'pooled_commit_sigs',
    'gauge',
    'Verified commit signatures held for certificates not yet formed.',
    s.pooledCommitSigs
  )
  lines.push(
    '# HELP ledger_peer_drops_total Peer input the core dropped as wrong, by peer and reason.',
    '# TYPE ledger_peer_drops_total counter'
  )
  for (const d of node.core.peerFaults.entries())
    lines.push(`ledger_peer_drops_total{peer="${d.peer}",reason="${d.reason}"} ${d.count}`)
  metric(
    'alarms_total',
    'counter',
    'Safety alarms raised by the core (never expected).',
    node.metrics.alarms
  )
  return lines.join('\n') + '\n'
}
