/**
 * The protocol library is meant to be bundled into the browser page: bundle it for the browser with
 * esbuild and run a full credential → ballot → receipt check in a bare JS context that has only what a
 * browser has (WebCrypto getRandomValues, TextEncoder/TextDecoder) — no Buffer, process or require.
 */
import { test } from '@japa/runner'
import { build } from 'esbuild'
import vm from 'node:vm'
import { webcrypto } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { receiptFixture } from '#tests/helpers/protocol_fixtures'

test.group('protocol / isomorphic bundle', () => {
  test('bundles for the browser and runs without Node globals', async ({ assert }) => {
    const entry = fileURLToPath(new URL('../../../packages/protocol/src/index.ts', import.meta.url))
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: 'iife',
      globalName: 'CivicProtocol',
      platform: 'browser',
      logLevel: 'silent',
    })
    const code = result.outputFiles[0].text
    assert.notMatch(code, /require\(["']node:/)

    const fx = receiptFixture(4, 1)
    const context = vm.createContext({
      crypto: { getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a) },
      TextEncoder,
      TextDecoder,
      input: JSON.parse(JSON.stringify({ receipt: fx.receipt, genesis: fx.chain.genesis })),
    })
    vm.runInContext(code, context)
    const out = vm.runInContext(
      `(() => {
        const P = CivicProtocol
        const hasNode = typeof Buffer !== 'undefined' || typeof process !== 'undefined' || typeof require !== 'undefined'
        const reg = P.generateRegistrarKey()
        const voter = P.generateVoterKey()
        const { blinded, r } = P.blind(7, voter.publicKey)
        const credential = P.finishCredential(reg.publicKey, 7, voter.publicKey, P.signBlinded(reg.secretKey, blinded), r)
        const ballot = P.encodeBallot({ campaignId: 7, choices: [{ projectId: 12, weight: 1 }], voterKey: voter.publicKey, credential })
        const signature = P.signBallot(voter.secretKey, ballot)
        const check = P.checkBallot(ballot, signature, reg.publicKey, 7)
        const receipt = P.verifyReceipt(input.receipt, input.genesis)
        return JSON.stringify({ hasNode, ballotOk: check.ok, receiptOk: receipt.ok, b64: P.bytesToBase64(ballot).length > 0 })
      })()`,
      context
    )
    assert.deepEqual(JSON.parse(out), {
      hasNode: false,
      ballotOk: true,
      receiptOk: true,
      b64: true,
    })
    console.log(`    bundle: ${(code.length / 1024).toFixed(0)} KB minified (iife)`)
  }).timeout(120_000)
})
