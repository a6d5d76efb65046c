import { createServer, type Server } from 'node:net'
import { test } from '@japa/runner'
import { appUrl } from '../../../bin/app_url.js'
import viteConfig from '../../../vite.config.js'

function hold(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(null))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server))
  })
}

/** vite.config.ts as `vite serve` in development resolves it. */
async function devServerConfig() {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = 'development'
  try {
    const resolve = viteConfig as unknown as (env: object) => Promise<{ server?: any }>
    return await resolve({ command: 'serve', mode: 'development' })
  } finally {
    process.env.NODE_ENV = saved
  }
}

test.group('npm start: the URL it prints and the ports it takes', () => {
  test('the printed URL honours PORT and HOST, then .env', ({ assert }) => {
    assert.equal(
      appUrl({ PORT: '4555' }, { PORT: '3333', HOST: 'localhost' }),
      'http://localhost:4555'
    )
    assert.equal(appUrl({}, { PORT: '3333', HOST: 'localhost' }), 'http://localhost:3333')
    assert.equal(appUrl({ HOST: '0.0.0.0', PORT: '80' }), 'http://localhost:80')
    assert.equal(appUrl({ HOST: '::1', PORT: '8080' }), 'http://[::1]:8080')
    assert.equal(appUrl({}), 'http://localhost:3333')
  })

  test('Vite’s HMR port moves off 24678 when another checkout holds it', async ({ assert }) => {
    const held = await hold(24678)
    try {
      const config = await devServerConfig()
      const port = config.server.hmr.port as number
      assert.notEqual(port, 24678)
      assert.isAbove(port, 24678)
      const probe = await hold(port)
      assert.isNotNull(probe, 'the chosen port is free')
      probe?.close()
    } finally {
      held?.close()
    }
  })

  test('tests and VITE_HMR=off bind no HMR port at all', async ({ assert }) => {
    const resolve = viteConfig as unknown as (env: object) => Promise<{ server?: any }>
    const config = await resolve({ command: 'serve', mode: 'test' })
    assert.deepEqual(config.server, { hmr: false, ws: false })
  })
})
