import { request as httpRequest, type IncomingMessage } from 'node:http'
import { test } from '@japa/runner'
import env from '#start/env'
import { intakeSettings } from '#voting/intake/settings'

/*
| Issue #13 "Uploads": the ballot route's body cap holds on the bytes read, not on Content-Length.
| Raw requests with chunked transfer (no Content-Length), against the server the runner started.
*/
type Answer = { status: number; body: Record<string, unknown> }

function readAnswer(response: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('error', reject)
    response.on('end', () =>
      resolve({
        status: response.statusCode ?? 0,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      })
    )
  })
}

/** POSTs `chunks` with chunked transfer; `end: false` keeps the body open (the client never finishes). */
function chunkedBallot(chunks: Buffer[], end: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: env.get('HOST'),
        port: env.get('PORT'),
        method: 'POST',
        path: '/api/v1/campaigns/2147483000/ballots',
        headers: { 'content-type': 'application/json', 'accept': 'application/json' },
      },
      (response) => readAnswer(response).then(resolve, reject)
    )
    outgoing.on('error', reject)
    // A server that waits for the end of the body would never answer an unfinished one.
    outgoing.setTimeout(5_000, () => {
      outgoing.destroy()
      reject(new Error('no answer within 5 s'))
    })
    for (const chunk of chunks) outgoing.write(chunk)
    if (end) outgoing.end()
    else outgoing.flushHeaders()
  })
}

test.group('Voting · ballot body cap on bytes read', () => {
  test('a chunked body over the cap gets 413 JSON before the client has finished sending', async ({
    assert,
  }) => {
    const limit = intakeSettings().bodyLimitBytes
    const over = Buffer.from(`{"ballot":"${'A'.repeat(limit)}"`)
    const answer = await chunkedBallot([over.subarray(0, 1024), over.subarray(1024)], false)
    assert.equal(answer.status, 413)
    assert.equal(answer.body.error, 'payload_too_large')
    assert.equal((answer.body.details as { limitBytes: number }).limitBytes, limit)
  }).timeout(10_000)

  test('a chunked body under the cap is parsed as before: JSON object or 400', async ({
    assert,
  }) => {
    const small = await chunkedBallot([Buffer.from('{"ballot":'), Buffer.from('"x"}')], true)
    assert.notInclude([400, 413, 500], small.status)
    const broken = await chunkedBallot([Buffer.from('{"ballot":')], true)
    assert.equal(broken.status, 400)
    assert.equal(broken.body.error, 'invalid_json')
  })
})
