/**
 * Cross-validation of two independent implementations of protocol.md: @civic-budget/protocol (noble,
 * cborg) and tests/helpers/independent_client (own CBOR and Merkle, node:crypto Ed25519, pairings).
 */
import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import {
  auditPath,
  ballotTx,
  bytesToHex,
  cborDecode,
  cborEncode,
  type CborValue,
  checkBallot,
  checkChoices,
  decodeBallot,
  encodeHeader,
  generateRegistrarKey,
  hexToBytes,
  leafHash,
  makeReceipt,
  merkleRoot,
  blockHashOf,
  base64ToBytes,
  bytesToBase64,
  type Receipt,
  sha256,
  signBlinded,
  ballotHash as hashBallot,
} from '@civic-budget/protocol'
import {
  buildBallot,
  checkReceipt,
  independentCbor,
  independentCrypto,
  independentMerkle,
  voteAsIndependentClient,
} from '#tests/helpers/independent_client/index'
import { commitBy, demoCampaign, fakeChain, receiptFixture } from '#tests/helpers/protocol_fixtures'

function randomValue(depth: number): CborValue {
  const pick = Math.floor(Math.random() * (depth > 3 ? 3 : 4))
  switch (pick) {
    case 0: {
      const sizes = [
        0,
        23,
        24,
        255,
        256,
        65535,
        65536,
        2 ** 32 - 1,
        2 ** 32,
        Number.MAX_SAFE_INTEGER,
      ]
      const n = sizes[Math.floor(Math.random() * sizes.length)]
      return Math.random() < 0.5 ? n : Math.floor(Math.random() * (n + 1))
    }
    case 1:
      return new Uint8Array(randomBytes(Math.floor(Math.random() * 300)))
    case 2:
      return ['', 'ballot', 'é€😀', 'x'.repeat(300)][Math.floor(Math.random() * 4)]
    default:
      return Array.from({ length: Math.floor(Math.random() * 8) }, () => randomValue(depth + 1))
  }
}

test.group('independent client / pure parts vs @civic-budget/protocol', () => {
  test('both CBOR encoders produce identical bytes and decode each other', ({ assert }) => {
    for (let i = 0; i < 300; i++) {
      const value = randomValue(0)
      const a = cborEncode(value)
      const b = independentCbor.encode(value as never)
      assert.equal(bytesToHex(b), bytesToHex(a))
      assert.deepEqual(cborEncode(independentCbor.decode(a) as CborValue), a)
      assert.deepEqual(independentCbor.encode(cborDecode(b) as never), b)
    }
    for (const bad of [
      '1817',
      '9f01ff',
      '830102',
      '8301020300',
      'f93c00',
      'a10102',
      '20',
      'c100',
      '62c328',
    ]) {
      assert.throws(() => independentCbor.decode(hexToBytes(bad)))
      assert.throws(() => cborDecode(hexToBytes(bad)))
    }
  })

  test('both Merkle implementations agree for n = 1..9', ({ assert }) => {
    for (let n = 1; n <= 9; n++) {
      const txs = Array.from({ length: n }, (_, i) => new Uint8Array([i, n]))
      const root = merkleRoot(txs)
      assert.equal(bytesToHex(independentMerkle.treeRoot(txs)), bytesToHex(root))
      for (let m = 0; m < n; m++) {
        const computed = independentMerkle.rootFromPath(m, n, leafHash(txs[m]), auditPath(m, txs))
        assert.equal(computed && bytesToHex(computed), bytesToHex(root), `n=${n} m=${m}`)
      }
    }
  })

  test('the independent receipt check accepts app receipts and rejects tampered ones', ({
    assert,
  }) => {
    for (const [size, index] of [
      [1, 0],
      [5, 2],
      [9, 8],
    ]) {
      const fx = receiptFixture(size, index)
      assert.deepEqual(checkReceipt(fx.receipt, fx.chain.genesis), { ok: true })
    }
    const fx = receiptFixture(6, 4)
    const r = () => structuredClone(fx.receipt)
    const failed = (receipt: Receipt) => {
      const result = checkReceipt(receipt, fx.chain.genesis)
      return result.ok ? 'ok' : result.failed
    }
    const path = r()
    path.auditPath[1] = '00'.repeat(32)
    assert.equal(failed(path), 'auditPath')
    assert.equal(failed({ ...r(), ballotHash: '11'.repeat(32) }), 'ballotHash')
    assert.equal(failed({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1] } }), 'quorum')
    assert.equal(
      failed({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 2] } }),
      'commitSignature'
    )
    assert.equal(
      failed({ ...r(), commit: { ...fx.receipt.commit, signers: [0, 1, 9] } }),
      'signers'
    )
    const header = base64ToBytes(fx.receipt.header)
    header[header.length - 1] ^= 1
    assert.equal(failed({ ...r(), header: bytesToBase64(header) }), 'blockHash')
  }).timeout(120_000)

  test('an independently built ballot is accepted by the app library (and the other way round)', ({
    assert,
  }) => {
    const registrar = generateRegistrarKey()
    const keys = independentCrypto.makeVoterKeys()
    const { blinded, r } = independentCrypto.blindCredential(7, keys.publicKey)
    const credential = independentCrypto.unblindCredential(
      signBlinded(registrar.secretKey, blinded),
      r
    )
    assert.isTrue(
      independentCrypto.verifyCredentialIndependently(
        registrar.publicKey,
        7,
        keys.publicKey,
        credential
      )
    )
    const ballotBytes = buildBallot(
      7,
      [[15, 1], { projectId: 12, weight: 1 }],
      keys.publicKey,
      credential
    )
    const signature = independentCrypto.signBallotIndependently(keys, ballotBytes)
    const result = checkBallot(ballotBytes, signature, registrar.publicKey, 7)
    assert.isTrue(result.ok, JSON.stringify(result))
    assert.deepEqual(decodeBallot(ballotBytes).choices, [
      { projectId: 12, weight: 1 },
      { projectId: 15, weight: 1 },
    ])
    assert.isTrue(
      independentCrypto.verifyBallotIndependently(keys.publicKey, ballotBytes, signature)
    )
  }).timeout(60_000)
})

/* ------------------------------------------------------------------------------------------------
 * A fake app (fetch handler) implemented with @civic-budget/protocol, to run the whole independent
 * client flow in-process until the real endpoints exist.
 * ---------------------------------------------------------------------------------------------- */
function fakeApp() {
  const chain = fakeChain()
  const registrar = generateRegistrarKey()
  const campaign = { ...demoCampaign, registrarPublicKey: registrar.publicKey }
  const sms = new Map<string, { phone: string; code: string }>()
  const outbox: { to: string; text: string; code: string; sentAt: string }[] = []
  const tokens = new Set<string>()
  const issued = new Map<string, string>() // token → blinded
  const pending = new Map<string, { tx: Uint8Array; polls: number; receipt?: Receipt }>()
  const seenBallotAuth: (string | null)[] = []

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

  function commitBlock(tx: Uint8Array): Receipt {
    const txs = [cborEncode([1, 'support', 7, 1]), tx, cborEncode([1, 'support', 7, 2])]
    const headerBytes = encodeHeader({
      chainId: chain.genesis.chainId,
      height: 9,
      view: 9,
      parentHash: sha256(new Uint8Array([9])),
      justifyQcHash: sha256(new Uint8Array([8])),
      txRoot: merkleRoot(txs),
      txCount: txs.length,
      stateRoot: sha256(new Uint8Array([7])),
      timestampMs: Date.now(),
      proposer: 1,
    })
    return makeReceipt({
      txs,
      index: 1,
      headerBytes,
      commit: commitBy(chain, blockHashOf(headerBytes), [3, 0, 2]),
    })
  }

  const handler = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input))
    const method = init?.method ?? 'GET'
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    const auth = new Headers(init?.headers).get('authorization')
    const path = url.pathname
    if (method === 'POST' && path === '/api/v1/auth/sms') {
      const requestId = bytesToHex(randomBytes(8))
      const code = String(100000 + Math.floor(Math.random() * 900000))
      sms.set(requestId, { phone: body.phone, code })
      outbox.push({ to: body.phone, text: `Code ${code}`, code, sentAt: new Date().toISOString() })
      return json(202, { requestId, expiresInSeconds: 300, resendAfterSeconds: 60 })
    }
    if (method === 'GET' && path === '/dev/sms/outbox') {
      return json(
        200,
        outbox.filter((m) => m.to === url.searchParams.get('phone'))
      )
    }
    if (method === 'POST' && path === '/api/v1/auth/sms/verify') {
      const entry = sms.get(body.requestId)
      if (!entry || entry.code !== body.code)
        return json(422, { error: 'bad_code', attemptsLeft: 2 })
      const token = bytesToHex(randomBytes(16))
      tokens.add(token)
      return json(200, { token, expiresAt: new Date(Date.now() + 3600_000).toISOString() })
    }
    if (method === 'GET' && path === '/api/v1/campaigns') {
      return json(200, [
        { id: 7, slug: campaign.slug, title: campaign.title, stage: 'voting', communityId: 1 },
      ])
    }
    if (method === 'GET' && path === '/api/v1/campaigns/7') return json(200, campaign)
    if (method === 'POST' && path === '/api/v1/campaigns/7/credential') {
      const token = auth?.replace(/^Bearer /, '')
      if (!token || !tokens.has(token)) return json(401, { error: 'unauthorized' })
      const previous = issued.get(token)
      if (previous && previous !== body.blinded)
        return json(409, { error: 'credential_already_issued' })
      issued.set(token, body.blinded)
      try {
        return json(200, { blindSignature: signBlinded(registrar.secretKey, body.blinded) })
      } catch (error) {
        return json(422, { error: 'invalid_blinded', message: String(error) })
      }
    }
    if (method === 'POST' && path === '/api/v1/campaigns/7/ballots') {
      seenBallotAuth.push(auth)
      const ballotBytes = base64ToBytes(body.ballot)
      const signature = base64ToBytes(body.signature)
      const check = checkBallot(ballotBytes, signature, registrar.publicKey, 7)
      if (!check.ok) return json(422, { error: check.reason })
      const violations = checkChoices(check.ballot.choices, campaign)
      if (violations.length) return json(422, { error: 'rule_violation', details: violations })
      pending.set(check.ballotHash, { tx: ballotTx(ballotBytes, signature), polls: 0 })
      return json(202, { ballotHash: check.ballotHash, status: 'pending' })
    }
    const status = path.match(/^\/api\/v1\/ballots\/([0-9a-f]{64})$/)
    if (method === 'GET' && status) {
      const entry = pending.get(status[1])
      if (!entry) return json(404, { error: 'not_found' })
      if (++entry.polls < 2) return json(200, { status: 'pending' })
      entry.receipt ??= commitBlock(entry.tx)
      return json(200, { status: 'committed', receipt: entry.receipt })
    }
    if (method === 'GET' && path === '/api/v1/ledger/genesis') return json(200, chain.genesis)
    return json(404, { error: 'not_found' })
  }
  return { handler, seenBallotAuth, pending, hashBallot }
}

test.group('independent client / full flow against an in-process fake app', () => {
  test('sign in, credential, ballot, poll, verified receipt', async ({ assert }) => {
    const app = fakeApp()
    const result = await voteAsIndependentClient('http://fake.local/', {
      phone: '+15550001234',
      fetch: app.handler as typeof fetch,
      pollIntervalMs: 5,
      choose: (campaign) => [
        { projectId: campaign.projects[0].id, weight: 1 },
        { projectId: campaign.projects[2].id, weight: 1 },
      ],
    })
    assert.isTrue(result.verified, result.failed)
    assert.equal(result.campaignId, 7)
    assert.equal(result.receipt.ballotHash, result.ballotHash)
    // the ballot was submitted without the bearer token (unlinkable to the signed-in person)
    assert.deepEqual(app.seenBallotAuth, [null])
  }).timeout(120_000)

  test('a rule violation surfaces as an HTTP error', async ({ assert }) => {
    const app = fakeApp()
    await assert.rejects(
      () =>
        voteAsIndependentClient('http://fake.local', {
          phone: '+15550001235',
          fetch: app.handler as typeof fetch,
          choose: () => [],
        }),
      /rule_violation/
    )
  }).timeout(120_000)
})
