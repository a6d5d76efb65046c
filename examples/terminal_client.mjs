#!/usr/bin/env node
/*
| Example kiosk / bank-terminal client (app/voting/README.md "Terminal API"). A terminal has
| identified a person by its own means; it takes a blind credential on that person's behalf — named by
| their phone and/or the register's ID hash, the identifiers every channel shares, so the person gets
| one credential whichever channel they use — and submits the person's ballot exactly like a browser
| (protocol.md), then saves the receipt.
|
|   node examples/terminal_client.mjs --url http://localhost:3333 --token dev-terminal-token \
|        --phone +79161234567 [--id-hash HEX] --choose 12,15 [--campaign 2] [--receipt receipt.json]
|
| Only the `@noble` libraries and Node's own crypto are used, so a bank can port it to any language:
| every byte is defined in protocol.md. In an encrypted campaign (the public campaign's `encryption`)
| the ballot is version 2: the choices encrypted to the election key (protocol.md "Threshold
| encryption"), counted only after the close by the trustees. Check the saved receipt offline with
| `ledger-node verify-receipt --genesis genesis.json receipt.json`.
*/
import { createHash, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js'
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'

const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
const ORDER = bls12_381.fields.Fr.ORDER

const { values: args } = parseArgs({
  options: {
    'url': { type: 'string', default: 'http://localhost:3333' },
    'token': { type: 'string', default: process.env.DEMO_TERMINAL_TOKEN ?? 'dev-terminal-token' },
    'phone': { type: 'string' },
    'id-hash': { type: 'string' },
    'campaign': { type: 'string' },
    'choose': { type: 'string' },
    'receipt': { type: 'string', default: 'receipt.json' },
  },
})
if ((!args.phone && !args['id-hash']) || !args.choose) {
  console.error(
    'usage: terminal_client.mjs --phone E164 and/or --id-hash HEX --choose PROJECT[,PROJECT…] [--campaign ID]'
  )
  process.exit(2)
}

// ── CBOR, the subset protocol.md uses: uints, byte strings, text, arrays; shortest heads ──
function head(major, n) {
  if (n < 24) return [(major << 5) | n]
  const bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x100000000 ? 4 : 8
  const out = [(major << 5) | { 1: 24, 2: 25, 4: 26, 8: 27 }[bytes]]
  for (let i = bytes - 1; i >= 0; i--) out.push(Number((BigInt(n) >> BigInt(8 * i)) & 0xffn))
  return out
}
function cbor(x) {
  if (typeof x === 'number') return Uint8Array.from(head(0, x))
  if (typeof x === 'string') return cbor.concat(head(3, Buffer.byteLength(x)), Buffer.from(x))
  if (x instanceof Uint8Array) return cbor.concat(head(2, x.length), x)
  return cbor.concat(head(4, x.length), ...x.map(cbor))
}
cbor.concat = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))))

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const b64 = (bytes) => Buffer.from(bytes).toString('base64')

async function call(method, path, body, headers = {}) {
  for (;;) {
    const response = await fetch(new URL(path, args.url), {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await response.json().catch(() => ({}))
    if (response.status === 503 || response.status === 429) {
      // Retry-After with jitter (× 0.5–1.5), so terminals shed together do not return together.
      const seconds = Number(response.headers.get('retry-after') ?? 1) * (0.5 + Math.random())
      await new Promise((r) => setTimeout(r, 1000 * seconds))
      continue
    }
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
    return { status: response.status, json }
  }
}

// 1. The campaign: its registrar key, pots, rules and projects.
const campaigns = (await call('GET', '/api/v1/campaigns')).json
const campaignId = Number(args.campaign ?? campaigns.find((c) => c.stage === 'voting')?.id)
const campaign = (await call('GET', `/api/v1/campaigns/${campaignId}`)).json
console.log(`campaign ${campaign.id} "${campaign.title}" (${campaign.stage})`)

// 2. A fresh Ed25519 voter key for this person and campaign.
const voterSecret = randomBytes(32)
const voterKey = ed25519.getPublicKey(voterSecret)

// 3. Blind credential: B = r·H(credMsg); the registrar signs B without seeing the voter key.
const id = Buffer.alloc(8)
id.writeBigUInt64BE(BigInt(campaignId))
const credMsg = cbor.concat(Buffer.from('civic-budget/credential/v1\0'), id, voterKey)
const P = bls12_381.G2.hashToCurve(credMsg, { DST })
const r = (BigInt(`0x${randomBytes(64).toString('hex')}`) % (ORDER - 1n)) + 1n
const terminalAuth = { authorization: `Terminal ${args.token}` }
const { json: issued } = await call(
  'POST',
  `/api/v1/terminal/campaigns/${campaignId}/credential`,
  { phone: args.phone, idHash: args['id-hash'], blinded: hex(P.multiply(r).toBytes()) },
  terminalAuth
)
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))
const credential = bls12_381.G2.Point.fromBytes(unhex(issued.blindSignature))
  .multiply(bls12_381.fields.Fr.inv(r))
  .toBytes()
const { longSignatures } = bls12_381
if (
  !longSignatures.verify(
    credential,
    longSignatures.hash(credMsg, DST),
    unhex(campaign.registrarPublicKey)
  )
) {
  throw new Error('the credential does not verify under the campaign registrar key')
}

// 4. The ballot: [1, campaignId, [[projectId, weight]…] ascending, voterKey, credential], signed —
// or, in an encrypted campaign, [2, campaignId, [R, ciphertext, proof], voterKey, credential].
const choices = args.choose
  .split(',')
  .map(Number)
  .sort((a, b) => a - b)
  .map((projectId) => [projectId, 1])

/** protocol.md "Threshold encryption": the choices padded, encrypted to PK, with the proof of r. */
function encryptedChoices(encryption) {
  const G = ristretto255.Point.BASE
  const n = ristretto255.Point.Fn.ORDER
  const scalar = () => (BigInt(`0x${randomBytes(64).toString('hex')}`) % (n - 1n)) + 1n
  const le = (k) => Uint8Array.from({ length: 32 }, (_, i) => Number((k >> BigInt(8 * i)) & 0xffn))
  const fromLe = (bytes) => [...bytes].reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n)
  const tagged = (tag, ...parts) => cbor.concat(Buffer.from(`${tag}\0`), ...parts)
  const PK = ristretto255.Point.fromBytes(unhex(encryption.electionKey))
  const body = cbor(choices)
  const plaintext = new Uint8Array(encryption.paddedLength) // uint16be(len) ‖ CBOR ‖ zeros
  plaintext.set([body.length >> 8, body.length & 0xff], 0)
  plaintext.set(body, 2)
  const r = scalar()
  const R = G.multiply(r).toBytes()
  const info = tagged('civic-budget/ballot-kem/v1', id, PK.toBytes(), R)
  const okm = hkdf(sha256, PK.multiply(r).toBytes(), undefined, info, 44)
  const aad = tagged('civic-budget/encrypted-choices/v1', id, voterKey)
  const ciphertext = chacha20poly1305(okm.subarray(0, 32), okm.subarray(32), aad).encrypt(plaintext)
  // Schnorr proof of r bound to campaign, voter key, PK and the ciphertext: A = k·G, s = k + c·r
  const context = cbor.concat(id, voterKey, PK.toBytes(), sha256(ciphertext))
  const k = scalar()
  const A = G.multiply(k).toBytes()
  const c = fromLe(sha512(tagged('civic-budget/ballot-pok/v1', context, R, A))) % n
  return [R, ciphertext, cbor.concat(A, le((k + c * r) % n))]
}

const ballotBytes = campaign.encryption
  ? cbor([2, campaignId, encryptedChoices(campaign.encryption), voterKey, credential])
  : cbor([1, campaignId, choices, voterKey, credential])
const signature = ed25519.sign(
  cbor.concat(Buffer.from('civic-budget/ballot/v1\0'), ballotBytes),
  voterSecret
)
const ballotHash = createHash('sha256').update(ballotBytes).digest('hex')

// 5. Submit like a browser (the terminal token marks the channel). The answer waits for the
// commit and carries the receipt; only if that takes unusually long is it 202, and then one long
// poll (the server holds it up to `wait` seconds until the verdict) brings the receipt.
let { status, json } = await call(
  'POST',
  `/api/v1/campaigns/${campaignId}/ballots`,
  { ballot: b64(ballotBytes), signature: b64(signature) },
  terminalAuth
)
while (status === 202 || json.status === 'pending') {
  ;({ status, json } = await call('GET', `/api/v1/ballots/${ballotHash}?wait=25`))
}
if (!json.receipt) throw new Error(`ballot not committed: ${JSON.stringify(json)}`)
writeFileSync(args.receipt, JSON.stringify(json.receipt, null, 2))
console.log(`ballot ${ballotHash} committed; receipt saved to ${args.receipt}`)
