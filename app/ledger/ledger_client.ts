import { readFile } from 'node:fs/promises'
import { bytesToBase64, sha256Hex } from '#voting/protocol/encoding'
import type { Genesis } from '#voting/protocol/receipt'
import { checkTxReceipt } from '#ledger/receipt_check'

/*
| Client to the replicas (ledger.md "Replica HTTP API").
|
| Invariants:
| - a tx is `accepted` only when at least one replica accepted it and none judged it invalid; it is
|   `rejected` only when a quorum (2f+1) of replicas judged it invalid (so f Byzantine replicas can
|   neither get a tx dropped nor make us believe a bad tx went in); anything else is `unavailable`
|   (try again later) — never an exception for expected network trouble;
| - a tx counts as committed once a replica reports it committed with a receipt that verifies against
|   the genesis (audit path, block hash, commit certificate of ≥ quorum signers); as rejected after
|   execution once f+1 replicas say so (at least one honest replica);
| - every HTTP call has a timeout; every wait is bounded.
*/

export type SubmitResult =
  | { outcome: 'accepted'; txHash: string; acceptedBy: number; failures: string[] }
  | { outcome: 'rejected'; txHash: string; reason: string }
  | { outcome: 'unavailable'; txHash: string; message: string }

export type TxStatus =
  | { status: 'committed'; height: number; receipt: Record<string, unknown> }
  | { status: 'rejected'; reason: string }
  | { status: 'pending' | 'unknown'; committedWithoutReceipt?: number }

export interface ReplicaStatus {
  url: string
  ok: boolean
  index?: number
  view?: number
  height?: number
  committedHeight?: number
  committedHash?: string
  peersConnected?: number
  mempool?: number
  error?: string
}

export interface ClusterStatus {
  replicas: ReplicaStatus[]
  up: number
  quorum: number
  healthy: boolean
}

export interface LedgerClientOptions {
  replicas: string[]
  genesisPath: string | null
  submitTimeoutMs?: number
  statusTimeoutMs?: number
}

export class LedgerError extends Error {}

/** n = 3f + 1 replicas tolerate f faults; quorum 2f + 1. */
export function faultsTolerated(n: number): number {
  return Math.floor((n - 1) / 3)
}

export function quorumOf(n: number): number {
  return 2 * faultsTolerated(n) + 1
}

export function txHashOf(txBytes: Uint8Array): string {
  return sha256Hex(txBytes)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function fetchJson(
  url: string,
  timeoutMs: number,
  init: RequestInit = {}
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  let body: any = null
  try {
    body = text.length > 0 ? JSON.parse(text) : null
  } catch {
    body = { raw: text.slice(0, 200) }
  }
  return { status: response.status, body }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause
    return cause?.code ? `${error.message} (${cause.code})` : error.message
  }
  return String(error)
}

/** Checks the shape of a genesis file and that it lists at least `quorum` = 2f+1 replicas. */
export function checkGenesis(value: unknown): Genesis {
  const genesis = value as Genesis
  if (
    !genesis ||
    typeof genesis.chainId !== 'string' ||
    !Array.isArray(genesis.replicas) ||
    !Number.isSafeInteger(genesis.quorum)
  ) {
    throw new LedgerError('genesis: chainId, replicas and quorum expected')
  }
  const n = genesis.replicas.length
  if (n < 1 || genesis.quorum !== quorumOf(n)) {
    throw new LedgerError(`genesis: quorum ${genesis.quorum} is not 2f+1 for ${n} replicas`)
  }
  const indices = new Set(genesis.replicas.map((r) => r?.index))
  if (indices.size !== n || genesis.replicas.some((r) => typeof r?.publicKey !== 'string')) {
    throw new LedgerError('genesis: replicas need distinct indices and public keys')
  }
  return genesis
}

export class LedgerClient {
  readonly replicas: string[]
  readonly genesisPath: string | null
  readonly submitTimeoutMs: number
  readonly statusTimeoutMs: number
  #genesis: Genesis | null = null

  constructor(options: LedgerClientOptions) {
    this.replicas = options.replicas
    this.genesisPath = options.genesisPath
    this.submitTimeoutMs = options.submitTimeoutMs ?? 5_000
    this.statusTimeoutMs = options.statusTimeoutMs ?? 3_000
  }

  get configured(): boolean {
    return this.replicas.length > 0
  }

  /** Quorum from the configured replica count (the genesis, when loaded, must agree). */
  get quorum(): number {
    return this.#genesis?.quorum ?? quorumOf(this.replicas.length)
  }

  /**
   * The genesis: from LEDGER_GENESIS when set, else from the replicas (a quorum must serve the same
   * one). Checked and cached for the life of the process.
   */
  async genesis(): Promise<Genesis> {
    if (this.#genesis) return this.#genesis
    let genesis: Genesis
    if (this.genesisPath) {
      genesis = checkGenesis(JSON.parse(await readFile(this.genesisPath, 'utf8')))
    } else {
      if (!this.configured) throw new LedgerError('no ledger replicas configured')
      const answers = await Promise.allSettled(
        this.replicas.map((url) => fetchJson(`${url}/genesis`, this.statusTimeoutMs))
      )
      const votes = new Map<string, number>()
      for (const answer of answers) {
        if (answer.status !== 'fulfilled' || answer.value.status !== 200) continue
        const key = JSON.stringify(answer.value.body)
        votes.set(key, (votes.get(key) ?? 0) + 1)
      }
      const agreed = [...votes].find(([, count]) => count >= quorumOf(this.replicas.length))
      if (!agreed) throw new LedgerError('no quorum of replicas serves the same genesis')
      genesis = checkGenesis(JSON.parse(agreed[0]))
    }
    if (this.configured && genesis.replicas.length !== this.replicas.length) {
      throw new LedgerError(
        `genesis lists ${genesis.replicas.length} replicas, LEDGER_REPLICAS has ${this.replicas.length}`
      )
    }
    this.#genesis = genesis
    return genesis
  }

  /** Submits one tx to every replica in parallel (see the invariants at the top). */
  async submit(txBytes: Uint8Array): Promise<SubmitResult> {
    const txHash = txHashOf(txBytes)
    if (!this.configured) {
      return { outcome: 'unavailable', txHash, message: 'no ledger replicas configured' }
    }
    const body = JSON.stringify({ txs: [bytesToBase64(txBytes)] })
    const answers = await Promise.allSettled(
      this.replicas.map((url) =>
        fetchJson(`${url}/txs`, this.submitTimeoutMs, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      )
    )
    let accepted = 0
    const invalid: string[] = []
    const failures: string[] = []
    answers.forEach((answer, i) => {
      const url = this.replicas[i]
      if (answer.status === 'rejected') {
        failures.push(`${url}: ${describe(answer.reason)}`)
        return
      }
      const { status, body: json } = answer.value
      if (status === 202 && json && Array.isArray(json.accepted)) {
        const rejection = Array.isArray(json.rejected)
          ? json.rejected.find((r: { index?: number }) => r?.index === 0)
          : undefined
        if (rejection) invalid.push(String(rejection.reason ?? 'rejected'))
        else if (json.accepted[0] === txHash) accepted++
        else failures.push(`${url}: unexpected answer ${JSON.stringify(json).slice(0, 200)}`)
      } else if (status === 400 || status === 413) {
        invalid.push(String(json?.message ?? json?.error ?? `HTTP ${status}`))
      } else {
        failures.push(`${url}: HTTP ${status} ${json?.error ?? ''}`.trim())
      }
    })
    if (invalid.length >= this.quorum) {
      return { outcome: 'rejected', txHash, reason: mostCommon(invalid) }
    }
    if (accepted >= 1 && invalid.length === 0) {
      return { outcome: 'accepted', txHash, acceptedBy: accepted, failures }
    }
    const parts = [...failures]
    if (invalid.length > 0)
      parts.unshift(`${invalid.length} replica(s) judged it invalid: ${invalid[0]}`)
    return { outcome: 'unavailable', txHash, message: parts.join('; ').slice(0, 1000) }
  }

  /** One look at the tx on every replica. */
  async txStatus(txHash: string): Promise<TxStatus> {
    if (!/^[0-9a-f]{64}$/.test(txHash)) throw new LedgerError('txHash must be 64 lowercase hex')
    const answers = await Promise.allSettled(
      this.replicas.map((url) => fetchJson(`${url}/txs/${txHash}`, this.statusTimeoutMs))
    )
    let genesis: Genesis | null = null
    try {
      genesis = await this.genesis()
    } catch {
      genesis = null // without a trusted genesis nothing counts as committed
    }
    const rejected: string[] = []
    let pending = false
    let committedWithoutReceipt: number | undefined
    for (const answer of answers) {
      if (answer.status !== 'fulfilled' || answer.value.status !== 200) continue
      const json = answer.value.body
      if (json?.status === 'committed' && Number.isSafeInteger(json.height)) {
        if (json.receipt && typeof json.receipt === 'object' && genesis) {
          const check = checkTxReceipt(json.receipt, txHash, genesis)
          if (check.ok) return { status: 'committed', height: check.height, receipt: json.receipt }
        }
        committedWithoutReceipt = json.height
      } else if (json?.status === 'rejected') {
        rejected.push(String(json.reason ?? 'rejected'))
      } else if (json?.status === 'pending') {
        pending = true
      }
    }
    if (rejected.length >= faultsTolerated(this.replicas.length) + 1) {
      return { status: 'rejected', reason: mostCommon(rejected) }
    }
    const status = pending || committedWithoutReceipt !== undefined ? 'pending' : 'unknown'
    return committedWithoutReceipt === undefined
      ? { status }
      : { status: 'pending', committedWithoutReceipt }
  }

  /** Polls `GET /txs/:hash` until committed with a receipt or rejected, at most `timeoutMs`. */
  async awaitCommit(txHash: string, timeoutMs = 10_000, pollMs = 250): Promise<TxStatus> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const status = await this.txStatus(txHash)
      if (status.status === 'committed' || status.status === 'rejected') return status
      if (Date.now() + pollMs > deadline) return status
      await sleep(pollMs)
    }
  }

  /** `GET /status` of every replica; healthy when a quorum answers. */
  async status(): Promise<ClusterStatus> {
    const answers = await Promise.allSettled(
      this.replicas.map((url) => fetchJson(`${url}/status`, this.statusTimeoutMs))
    )
    const replicas: ReplicaStatus[] = answers.map((answer, i) => {
      const url = this.replicas[i]
      if (answer.status === 'rejected') return { url, ok: false, error: describe(answer.reason) }
      if (answer.value.status !== 200) {
        return { url, ok: false, error: `HTTP ${answer.value.status}` }
      }
      const s = answer.value.body ?? {}
      return {
        url,
        ok: true,
        index: s.index,
        view: s.view,
        height: s.height,
        committedHeight: s.committedHeight,
        committedHash: s.committedHash,
        peersConnected: s.peersConnected,
        mempool: s.mempool,
      }
    })
    const up = replicas.filter((r) => r.ok).length
    return { replicas, up, quorum: this.quorum, healthy: this.configured && up >= this.quorum }
  }
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0][0]
}
