import { configApp } from '@adonisjs/eslint-config'

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
  }
)
