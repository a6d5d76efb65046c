import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['build/**', 'public/assets/**', 'ledger-node/dist/**', 'storage/**', 'tmp/**'],
})
