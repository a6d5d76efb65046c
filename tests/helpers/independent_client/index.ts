/**
 * Independent protocol client (conformance): a voter client written from protocol.md alone, sharing
 * no code with app/. It signs in by SMS (dev outbox), takes a blind credential, votes and checks its
 * receipt offline against the genesis with its own CBOR, Merkle and BLS code.
 */
import { encode, type Item } from './cbor.js'
import {
  blindCredential,
  makeVoterKeys,
  sha256,
  signBallotIndependently,
  toB64,
  toHex,
  unblindCredential,
  verifyCredentialIndependently,
} from './crypto.js'
import { checkReceipt, type IndependentGenesis, type IndependentReceipt } from './receipt.js'
import { encryptChoicesIndependently, type IndependentEncryption } from './encryption.js'

export { checkReceipt } from './receipt.js'
export type { Check, IndependentGenesis, IndependentReceipt } from './receipt.js'
export * as independentCbor from './cbor.js'
export * as independentMerkle from './merkle.js'
export * as independentCrypto from './crypto.js'

export interface IndependentCampaign {
  id: number
  stage: string
  registrarPublicKey: string
  /** Set for an encrypted campaign: its ballots are v2 (encryption.ts). */
  encryption?: IndependentEncryption | null
  pots: { id: number; budget: number; rule: { kind: string; [k: string]: unknown } }[]
  projects: { id: number; cost: number; potId: number; title?: string }[]
  [k: string]: unknown
}

export type Choice = { projectId: number; weight: number } | [number, number]

export interface VoteOptions {
  /** E.164 phone number (made-up numbers work against the seeded demo campaign). */
  phone: string
  /** Defaults to the newest campaign in its voting stage. */
  campaignId?: number
  choose: (campaign: IndependentCampaign) => Choice[]
  fetch?: typeof fetch
  pollIntervalMs?: number
  timeoutMs?: number
  log?: (message: string) => void
}

export interface VoteResult {
  receipt: IndependentReceipt
  verified: boolean
  failed?: string
  ballotHash: string
  campaignId: number
}

export class IndependentClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string
  ) {
    super(message)
  }
}

/**
 * [1, campaignId, [[projectId, weight]…] ascending, voterKey, credential] — or, with the campaign's
 * `encryption`, [2, campaignId, [R, ciphertext, proof], voterKey, credential].
 */
export function buildBallot(
  campaignId: number,
  choices: Choice[],
  voterKey: Uint8Array,
  credential: Uint8Array,
  encryption?: IndependentEncryption | null
): Uint8Array {
  const pairs = choices
    .map((c) => (Array.isArray(c) ? c : [c.projectId, c.weight]))
    .sort((a, b) => a[0] - b[0])
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i][0] === pairs[i - 1][0]) throw new Error('a project was chosen twice')
  }
  if (encryption) {
    const encrypted = encryptChoicesIndependently(
      encryption,
      campaignId,
      voterKey,
      pairs as [number, number][]
    )
    return encode([2, campaignId, encrypted, voterKey, credential])
  }
  return encode([1, campaignId, pairs as Item[], voterKey, credential])
}

export function buildBallotTx(ballotBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  return encode([1, 'ballot', ballotBytes, signature])
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function voteAsIndependentClient(
  baseUrl: string,
  options: VoteOptions
): Promise<VoteResult> {
  const doFetch = options.fetch ?? fetch
  const base = baseUrl.replace(/\/+$/, '')
  const log = options.log ?? (() => {})
  const timeoutMs = options.timeoutMs ?? 60_000
  const pollMs = options.pollIntervalMs ?? 250

  async function call(method: string, path: string, body?: unknown, token?: string) {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (body !== undefined) headers['content-type'] = 'application/json'
      if (token) headers.authorization = `Bearer ${token}`
      const response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      let json: unknown = null
      try {
        json = text ? JSON.parse(text) : null
      } catch {
        json = text
      }
      if ((response.status === 503 || response.status === 429) && attempt < 5) {
        const after = Number(response.headers.get('retry-after') ?? '1')
        await sleep(Math.min(Number.isFinite(after) ? after : 1, 5) * 1000)
        continue
      }
      return { status: response.status, json: json as any }
    }
  }
  const expect = (r: { status: number; json: any }, ok: number[], what: string) => {
    if (!ok.includes(r.status)) {
      throw new IndependentClientError(
        r.status,
        r.json,
        `${what}: HTTP ${r.status} ${JSON.stringify(r.json)}`
      )
    }
    return r.json
  }

  // 1. sign in by SMS (dev outbox gives the code)
  const started = expect(
    await call('POST', '/api/v1/auth/sms', { phone: options.phone }),
    [200, 202],
    'auth/sms'
  )
  const outboxPath = `/dev/sms/outbox?phone=${encodeURIComponent(options.phone)}`
  let outbox = await call('GET', outboxPath)
  if (outbox.status === 404) outbox = await call('GET', '/api/v1' + outboxPath)
  const messages = expect(outbox, [200], 'sms outbox') as { code: string; sentAt?: string }[]
  if (!Array.isArray(messages) || messages.length === 0) throw new Error('no SMS in the outbox')
  const latest = [...messages]
    .sort((a, b) => String(a.sentAt ?? '').localeCompare(String(b.sentAt ?? '')))
    .pop()!
  const { token } = expect(
    await call('POST', '/api/v1/auth/sms/verify', {
      requestId: started.requestId,
      code: latest.code,
    }),
    [200],
    'auth/sms/verify'
  )
  log('signed in')

  // 2. campaign
  let campaignId = options.campaignId
  if (campaignId === undefined) {
    const list = expect(await call('GET', '/api/v1/campaigns'), [200], 'campaigns') as {
      id: number
      stage: string
    }[]
    const voting = list.find((c) => c.stage === 'voting')
    if (!voting) throw new Error('no campaign in its voting stage')
    campaignId = voting.id
  }
  const campaign = expect(
    await call('GET', `/api/v1/campaigns/${campaignId}`),
    [200],
    'campaign'
  ) as IndependentCampaign

  // 3. voter key and blind credential
  const keys = makeVoterKeys()
  const { blinded, r } = blindCredential(campaignId, keys.publicKey)
  const { blindSignature } = expect(
    await call('POST', `/api/v1/campaigns/${campaignId}/credential`, { blinded }, token),
    [200],
    'credential'
  )
  const credential = unblindCredential(blindSignature, r)
  if (
    !verifyCredentialIndependently(
      campaign.registrarPublicKey,
      campaignId,
      keys.publicKey,
      credential
    )
  ) {
    throw new Error('the credential does not verify under the registrar key')
  }
  log('credential ok')

  // 4. ballot: sent WITHOUT the bearer token (the credential is the authorization; unlinkable)
  const ballotBytes = buildBallot(
    campaignId,
    options.choose(campaign),
    keys.publicKey,
    credential,
    campaign.encryption
  )
  const signature = signBallotIndependently(keys, ballotBytes)
  const ballotHash = toHex(sha256(ballotBytes))
  const submitted = expect(
    await call('POST', `/api/v1/campaigns/${campaignId}/ballots`, {
      ballot: toB64(ballotBytes),
      signature: toB64(signature),
    }),
    [200, 202],
    'ballots'
  )
  let receipt: IndependentReceipt | undefined = submitted.receipt
  if (!receipt) {
    if (submitted.ballotHash !== ballotHash)
      throw new Error('the server acknowledged another ballot hash')
    const deadline = Date.now() + timeoutMs
    while (!receipt) {
      if (Date.now() > deadline) throw new Error('the ballot was not committed in time')
      await sleep(pollMs)
      const status = expect(
        await call('GET', `/api/v1/ballots/${ballotHash}`),
        [200],
        'ballot status'
      )
      if (status.status === 'rejected') throw new Error(`ballot rejected: ${status.reason}`)
      if (status.status === 'committed') receipt = status.receipt
    }
  }
  log('receipt received')

  // 5. offline check against the genesis, and that the receipt is about OUR ballot bytes (the check
  //    proves H(ballot in tx) = receipt.ballotHash, so equal hashes mean our exact bytes are in the block)
  const genesis = expect(
    await call('GET', '/api/v1/ledger/genesis'),
    [200],
    'genesis'
  ) as IndependentGenesis
  const check = checkReceipt(receipt, genesis)
  let failed = check.ok ? undefined : check.failed
  if (!failed && receipt.ballotHash !== ballotHash) failed = 'not our ballot'
  return { receipt, verified: failed === undefined, failed, ballotHash, campaignId }
}
