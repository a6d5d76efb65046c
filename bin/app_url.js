/**
 * The URL `npm start` prints: where the server listens as the environment says (PORT, HOST),
 * else as `.env` says, else localhost:3333. A wildcard host is shown as localhost.
 */
export function appUrl(env, fileEnv = {}) {
  const host = env.HOST || fileEnv.HOST || 'localhost'
  const port = env.PORT || fileEnv.PORT || '3333'
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}
