import { defineConfig } from '@adonisjs/core/app'

export default defineConfig({
  /*
  | Ace commands: framework ones plus our modules' commands (thin files in
  | ./commands that re-export each module's command).
  */
  commands: [() => import('@adonisjs/core/commands'), () => import('@adonisjs/lucid/commands')],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/vite/vite_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/static/static_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/inertia/inertia_provider'),
    () => import('@adonisjs/i18n/i18n_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/drive/drive_provider'),
    () => import('@adonisjs/mail/mail_provider'),
    () => import('#identity/providers/identity_provider'),
  ],

  preloads: [
    () => import('#start/routes'),
    () => import('#start/kernel'),
    () => import('#start/events'),
    { file: () => import('#start/staff_todos'), environment: ['web', 'test'] },
    { file: () => import('#voting/start/registrar_key_check'), environment: ['web'] },
    { file: () => import('#campaigns/start/scheduler'), environment: ['web'] },
    { file: () => import('#identity/start/session_purge'), environment: ['web'] },
    { file: () => import('#identity/start/retention_scheduler'), environment: ['web'] },
    { file: () => import('#ledger/start/outbox_worker'), environment: ['web'] },
    { file: () => import('#ledger/start/projection_worker'), environment: ['web'] },
    { file: () => import('#voting/start/issued_counts_worker'), environment: ['web'] },
    { file: () => import('#voting/start/issuance_order_worker'), environment: ['web'] },
    { file: () => import('#voting/start/ballot_intake'), environment: ['web'] },
    { file: () => import('#notifications/start/workers'), environment: ['web'] },
    {
      file: () => import('#voting/start/ledger_extensions'),
      environment: ['web', 'console', 'test', 'repl'],
    },
  ],

  tests: {
    suites: [
      {
        files: ['tests/unit/**/*.spec(.ts|.js)'],
        name: 'unit',
        timeout: 10_000,
      },
      {
        files: ['tests/functional/**/*.spec(.ts|.js)'],
        name: 'functional',
        timeout: 30_000,
      },
      {
        files: ['tests/browser/**/*.spec(.ts|.js)'],
        name: 'browser',
        timeout: 120_000,
      },
    ],
    // The runner exits when the suites end, whatever handle a failed test left open (a replica
    // cluster, a browser, an actor's timer): a failing run must fail, not hang CI.
    forceExit: true,
  },

  metaFiles: [
    { pattern: 'resources/views/**/*.edge', reloadServer: false },
    { pattern: 'public/**', reloadServer: false },
    { pattern: 'resources/lang/**/*.{json,yaml,yml}', reloadServer: false },
    // Which messages each page uses (bin/page_keys.js; app/shared/page_messages.ts).
    { pattern: 'resources/page_keys.json', reloadServer: false },
    // The workspace packages the server imports, compiled (build/ installs them as workspaces).
    { pattern: 'packages/*/package.json', reloadServer: false },
    { pattern: 'packages/*/dist/src/**', reloadServer: false },
    { pattern: 'ledger-node/package.json', reloadServer: false },
    { pattern: 'ledger-node/dist/src/**', reloadServer: false },
  ],

  directories: {
    views: 'resources/views',
    languageFiles: 'resources/lang',
  },

  assetsBundler: false,
  hooks: {
    onBuildStarting: [() => import('@adonisjs/vite/build_hook')],
  },
})
