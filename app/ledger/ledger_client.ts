import { readFile } from 'node:fs/promises'
import { cborEncode } from '@civic-budget/protocol/cbor'
import { sha256Hex } from '@civic-budget/protocol/hash'
import type { Genesis } from '@civic-budget/protocol/block'
import { parseRejection, rejectionText, type Rejection } from '@civic-budget/protocol/rejections'
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
  | { outcome: 'rejected'; txHash: string; rejection: Rejection; reason: string }
  | { outcome: 'unavailable'; txHash: string; message: string }

export type TxStatus =
  | { status: 'committed'; height: number; receipt: Record<string, unknown> }
  | { status: 'rejected'; rejection: Rejection; reason: string }
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

export type ReceiptCheck = (
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
) => { ok: true; height: number } | { ok: false; message: string }

export interface StatusOptions {
  /** Replaces `checkTxReceipt` (e.g. ballots: the protocol receipt check with a certificate cache). */
  checkReceipt?: ReceiptCheck
}

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
    const [result] = await this.submitMany([txBytes])
    return result
  }

  /**
   * Submits many txs in ONE `POST /txs` per replica, all replicas in parallel; each tx gets its own
   * verdict by the rules at the top (a replica refusing the whole request counts against every tx).
   */
  async submitMany(txs: Uint8Array[]): Promise<SubmitResult[]> {
    const hashes = txs.map(txHashOf)
    if (!this.configured) {
      return hashes.map((txHash) => ({
        outcome: 'unavailable',
        txHash,
        message: 'no ledger replicas configured',
      }))
    }
    if (txs.length === 0) return []
    // The binary form of the batch (a CBOR array of the tx bytes): no base64 or JSON either side.
    const body = cborEncode(txs)
    const answers = await Promise.allSettled(
      this.replicas.map((url) =>
        fetchJson(`${url}/txs`, this.submitTimeoutMs, {
          method: 'POST',
          headers: { 'content-type': 'application/cbor' },
          body,
        })
      )
    )
    const accepted = hashes.map(() => 0)
    const invalid: Rejection[][] = hashes.map(() => [])
    const failures: string[][] = hashes.map(() => [])
    answers.forEach((answer, i) => {
      const url = this.replicas[i]
      const failAll = (message: string) => failures.forEach((f) => f.push(`${url}: ${message}`))
      if (answer.status === 'rejected') return failAll(describe(answer.reason))
      const { status, body: json } = answer.value
      if (status === 202 && json && Array.isArray(json.accepted)) {
        const reasons = new Map<number, Rejection>()
        for (const r of Array.isArray(json.rejected) ? json.rejected : []) {
          if (Number.isSafeInteger(r?.index)) reasons.set(r.index, rejectionFrom(r))
        }
        hashes.forEach((txHash, k) => {
          const reason = reasons.get(k)
          if (reason !== undefined) invalid[k].push(reason)
          else if (json.accepted[k] === txHash) accepted[k]++
          else failures[k].push(`${url}: unexpected answer for tx ${k}`)
        })
      } else if (status === 400 || status === 413) {
        const detail = String(json?.message ?? json?.error ?? `HTTP ${status}`)
        invalid.forEach((list) => list.push({ code: 'malformed', detail }))
      } else {
        failAll(`HTTP ${status} ${json?.error ?? ''}`.trim())
      }
    })
    return hashes.map((txHash, k): SubmitResult => {
      if (invalid[k].length >= this.quorum) {
        const rejection = mostCommon(invalid[k])
        return { outcome: 'rejected', txHash, rejection, reason: rejectionText(rejection) }
      }
      if (accepted[k] >= 1 && invalid[k].length === 0) {
        return { outcome: 'accepted', txHash, acceptedBy: accepted[k], failures: failures[k] }
      }
      const parts = [...failures[k]]
      if (invalid[k].length > 0) {
        parts.unshift(`${invalid[k].length} replica(s) judged it invalid: ${invalid[k][0]}`)
      }
      return { outcome: 'unavailable', txHash, message: parts.join('; ').slice(0, 1000) }
    })
  }

  /** One look at the tx on every replica. */
  async txStatus(txHash: string, options: StatusOptions = {}): Promise<TxStatus> {
    if (!/^[0-9a-f]{64}$/.test(txHash)) throw new LedgerError('txHash must be 64 lowercase hex')
    const answers = await Promise.all(this.replicas.map((url) => this.#lookTx(url, txHash)))
    return this.#verdict(txHash, answers, await this.#trustedGenesis(), options)
  }

  /**
   * The status of many txs in few requests: ONE `POST /txs/status` with all of them to one replica
   * (rotating per call). Committed with a valid receipt, or pending there, is the answer (a
   * pending tx is asked again at the next call, of the next replica); only the txs it reports
   * rejected or does not know are asked of the others (one request each), as the verdict rules of
   * `txStatus` need them. Following a batch therefore costs one request per look, not four.
   */
  async txStatusMany(
    txHashes: string[],
    options: StatusOptions = {}
  ): Promise<Map<string, TxStatus>> {
    const results = new Map<string, TxStatus>()
    if (txHashes.length === 0 || !this.configured) return results
    for (const txHash of txHashes) {
      if (!/^[0-9a-f]{64}$/.test(txHash)) throw new LedgerError('txHash must be 64 lowercase hex')
    }
    const genesis = await this.#trustedGenesis()
    const first = this.replicas[this.#nextReplica++ % this.replicas.length]
    const firstAnswers = await this.#lookTxs(first, txHashes)
    const rest: { txHash: string; k: number }[] = []
    txHashes.forEach((txHash, k) => {
      const verdict = this.#verdict(txHash, [firstAnswers[k]], genesis, options)
      const settledHere =
        verdict.status === 'committed' ||
        (firstAnswers[k]?.status === 'pending' && verdict.status === 'pending')
      if (settledHere) results.set(txHash, verdict)
      else rest.push({ txHash, k })
    })
    if (rest.length === 0) return results
    const others = this.replicas.filter((url) => url !== first)
    const restHashes = rest.map((r) => r.txHash)
    const otherAnswers = await Promise.all(others.map((url) => this.#lookTxs(url, restHashes)))
    rest.forEach(({ txHash, k }, j) => {
      const answers = [firstAnswers[k], ...otherAnswers.map((list) => list[j])]
      results.set(txHash, this.#verdict(txHash, answers, genesis, options))
    })
    return results
  }

  /** `POST /txs/status` on one replica: its answer per tx, null for each when it does not answer. */
  async #lookTxs(url: string, txHashes: string[]): Promise<any[]> {
    try {
      const answer = await fetchJson(`${url}/txs/status`, this.statusTimeoutMs, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hashes: txHashes }),
      })
      const statuses = answer.status === 200 ? answer.body?.statuses : null
      if (Array.isArray(statuses) && statuses.length === txHashes.length) return statuses
    } catch {
      // unreachable or slow: counts as no answer
    }
    return txHashes.map(() => null)
  }

  #nextReplica = 0

  async #trustedGenesis(): Promise<Genesis | null> {
    try {
      return await this.genesis()
    } catch {
      return null // without a trusted genesis nothing counts as committed
    }
  }

  async #lookTx(url: string, txHash: string): Promise<any> {
    try {
      const answer = await fetchJson(`${url}/txs/${txHash}`, this.statusTimeoutMs)
      return answer.status === 200 ? answer.body : null
    } catch {
      return null
    }
  }

  #verdict(
    txHash: string,
    answers: any[],
    genesis: Genesis | null,
    options: StatusOptions
  ): TxStatus {
    const rejected: Rejection[] = []
    let pending = false
    let committedWithoutReceipt: number | undefined
    for (const json of answers) {
      if (!json) continue
      if (json.status === 'committed' && Number.isSafeInteger(json.height)) {
        if (json.receipt && typeof json.receipt === 'object' && genesis) {
          const check = (options.checkReceipt ?? checkTxReceipt)(json.receipt, txHash, genesis)
          if (check.ok) return { status: 'committed', height: check.height, receipt: json.receipt }
        }
        committedWithoutReceipt = json.height
      } else if (json.status === 'rejected') {
        rejected.push(rejectionFrom(json))
      } else if (json.status === 'pending') {
        pending = true
      }
    }
    if (rejected.length >= faultsTolerated(this.replicas.length) + 1) {
      const rejection = mostCommon(rejected)
      return { status: 'rejected', rejection, reason: rejectionText(rejection) }
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

/** The rejection most replicas gave (same code and detail). */
function mostCommon(rejections: Rejection[]): Rejection {
  const counts = new Map<string, { rejection: Rejection; count: number }>()
  for (const rejection of rejections) {
    const key = rejectionText(rejection)
    const entry = counts.get(key) ?? { rejection, count: 0 }
    entry.count++
    counts.set(key, entry)
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0].rejection
}

/*
| A replica's rejection is typed (`{ code, detail }`, ledger-node/README.md "HTTP API"); a replica
| that answers without a code gets the generic `rejected`, its text as the detail.
*/
function rejectionFrom(answer: { reason?: unknown }): Rejection {
  return parseRejection(answer) ?? { code: 'rejected', detail: String(answer?.reason ?? '') }
}
