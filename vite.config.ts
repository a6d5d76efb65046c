import { createServer } from 'node:net'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import inertia from '@adonisjs/inertia/client'
import adonisjs from '@adonisjs/vite/client'

/** Vite's own HMR port and how far to look past it for a free one. */
const HMR_PORT = 24678
const HMR_PORTS_TRIED = 100

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true))
    )
  })
}

/**
 * The HMR websocket's port: VITE_HMR_PORT, else the first free one from 24678 — another
 * checkout's dev server on the same machine holds 24678, and Vite would fail to bind it.
 */
async function hmrPort(): Promise<number> {
  if (process.env.VITE_HMR_PORT) return Number(process.env.VITE_HMR_PORT)
  for (let port = HMR_PORT; port < HMR_PORT + HMR_PORTS_TRIED; port++) {
    if (await portIsFree(port)) return port
  }
  throw new Error(`no free port for Vite's HMR in ${HMR_PORT}–${HMR_PORT + HMR_PORTS_TRIED - 1}`)
}

export default defineConfig(async ({ command }) => ({
  plugins: [
    inertia({ ssr: { enabled: true, entrypoint: 'resources/js/app/ssr.tsx' } }),
    react(),
    adonisjs({ entrypoints: ['resources/js/app/app.tsx'], reload: ['resources/views/**/*.edge'] }),
  ],
  // Tests (and bench/stack.js) run several app processes at once, and other checkouts run theirs:
  // no HMR and no websocket server (`hmr: false` alone still binds port 24678). A build binds nothing.
  server:
    process.env.NODE_ENV === 'test' || process.env.VITE_HMR === 'off'
      ? { hmr: false, ws: false as const }
      : command === 'serve'
        ? { hmr: { port: await hmrPort() } }
        : undefined,
  resolve: {
    alias: {
      '~/': `${import.meta.dirname}/resources/js/`,
      // Only words an internal error message of qs (Inertia's query strings): bundle budget.
      'object-inspect': `${import.meta.dirname}/resources/js/lib/object_inspect_stub.cjs`,
    },
  },
}))
