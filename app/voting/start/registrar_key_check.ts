/*
| Preload (web server only: `npm start`, `node bin/server.js`, `npm run dev`; not ace commands,
| which must work without a readable key, nor tests): before the server listens, every stored
| registrar key must decrypt with this APP_KEY, else the server stops with the campaigns and the
| fix instead of answering voters' credential requests with 500s (registrar_key_check.ts).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import {
  campaignsWithUnreadableRegistrarKeys,
  unreadableRegistrarKeysMessage,
} from '#voting/registrar_key_check'

if (app.getEnvironment() === 'web') {
  const unreadable = await campaignsWithUnreadableRegistrarKeys()
  if (unreadable.length > 0) {
    const message = unreadableRegistrarKeysMessage(unreadable)
    logger.fatal({ campaigns: unreadable }, 'registrar keys do not decrypt with this APP_KEY')
    process.stderr.write(`\n${message}\n\n`)
    process.exit(1)
  }
}
