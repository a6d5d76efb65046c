import { configApp } from '@adonisjs/eslint-config'
import { react } from '@adonisjs/eslint-config/react'

export default configApp(
  {
    ignores: [
      'build/**',
      'public/assets/**',
      'ledger-node/dist/**',
      'packages/*/dist/**',
      'storage/**',
      'tmp/**',
    ],
  },
  {
    // ledger-node reads HTTP answers inline (`(await res.json()).height`) in its CLI and
    // process tests; the rule buys nothing there.
    files: ['ledger-node/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  },
  // The preset's app block skips `resources/**`; its React block covers our Inertia pages
  // (`resources/js/**/*.{ts,tsx}`) with the same base rules plus react and react-hooks.
  ...react
)
