import { spawn } from 'node:child_process'
import { test } from '@japa/runner'
import { Encryption } from '@adonisjs/core/encryption'
import app from '@adonisjs/core/services/app'
import { ensureRegistrarKey } from '#voting/registrar'
import {
  campaignsWithUnreadableRegistrarKeys,
  unreadableRegistrarKeysMessage,
} from '#voting/registrar_key_check'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { track } from '#tests/support/children'
import { findFreePorts } from '#tests/support/ports'

const OTHER_APP_KEY = 'another-installation-key-0123456789abcdef'

/** A campaign in voting whose registrar key is stored under the test APP_KEY. */
async function campaignWithStoredKey() {
  const { city } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage: 'voting' })
  await ensureRegistrarKey(campaign)
  return campaign
}

test.group('Voting · registrar keys checked at server start (APP_KEY mismatch)', () => {
  test('keys stored under this APP_KEY pass; under another one their campaigns are named', async ({
    assert,
  }) => {
    const campaign = await campaignWithStoredKey()
    assert.notInclude(await campaignsWithUnreadableRegistrarKeys(), campaign.id)

    const otherKey = new Encryption({ secret: OTHER_APP_KEY })
    const unreadable = await campaignsWithUnreadableRegistrarKeys(undefined, otherKey)
    assert.include(unreadable, campaign.id)

    const message = unreadableRegistrarKeysMessage([campaign.id, 99])
    assert.include(message, `campaigns ${campaign.id}, 99 cannot be decrypted`)
    assert.include(message, 'restore the APP_KEY')
  })

  test('the web server started with another APP_KEY exits before it listens, naming the campaign', async ({
    assert,
  }) => {
    const campaign = await campaignWithStoredKey()
    const port = await findFreePorts(3600, [0], 'registrar key check server')
    const server = track(
      spawn(process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
        cwd: app.makePath(),
        env: { ...process.env, NODE_ENV: 'test', APP_KEY: OTHER_APP_KEY, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    )
    let output = ''
    server.stdout.on('data', (chunk) => (output += chunk))
    server.stderr.on('data', (chunk) => (output += chunk))
    // Should the check let it start, the server is stopped rather than left listening.
    const stopIfListening = setTimeout(() => server.kill('SIGKILL'), 150_000)
    const code = await new Promise<number | null>((resolve) => server.once('exit', resolve))
    clearTimeout(stopIfListening)

    assert.equal(code, 1, output)
    assert.match(
      output,
      new RegExp(`campaigns? [0-9, ]*\\b${campaign.id}\\b[0-9, ]* cannot be decrypted`)
    )
    assert.include(output, 'restore the APP_KEY')
    const listening = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false
    )
    assert.isFalse(listening)
  }).timeout(180_000)
})
