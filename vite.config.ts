import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import inertia from '@adonisjs/inertia/client'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  plugins: [
    inertia({ ssr: { enabled: true, entrypoint: 'resources/js/app/ssr.tsx' } }),
    react(),
    adonisjs({ entrypoints: ['resources/js/app/app.tsx'], reload: ['resources/views/**/*.edge'] }),
  ],
  // Tests (and bench/stack.js) run several app processes at once, and other checkouts run theirs:
  // no HMR and no websocket server (`hmr: false` alone still binds port 24678).
  server:
    process.env.NODE_ENV === 'test' || process.env.VITE_HMR === 'off'
      ? { hmr: false, ws: false }
      : undefined,
  resolve: {
    alias: { '~/': `${import.meta.dirname}/resources/js/` },
  },
})
