/*
| What every trustee CLI command shares: options, the trustee API over fetch, the token, the
| passphrase and the key file. Secrets come from the environment or files, never from arguments
| (which other users of the machine can see in the process list).
*/
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseKeyFile, unlockKeyFile } from '@civic-budget/protocol/trustee'

export class CliError extends Error {}

function readSecret(envName, file, what) {
  const value = file ? readFileSync(file, 'utf8').trim() : process.env[envName]
  if (!value) throw new CliError(`no ${what}: set ${envName} or pass --${what}-file`)
  return value
}

export function cliContext(args) {
  const { values } = parseArgs({
    args,
    options: {
      'server': { type: 'string' },
      'token-file': { type: 'string' },
      'key-file': { type: 'string' },
      'passphrase-file': { type: 'string' },
    },
    strict: true,
  })
  const server = (values.server ?? process.env.TRUSTEE_SERVER ?? 'http://localhost:3333').replace(
    /\/+$/,
    ''
  )
  const keyFile = values['key-file'] ?? 'trustee-key.json'
  const token = () => readSecret('TRUSTEE_TOKEN', values['token-file'], 'token')
  const passphrase = () => readSecret('TRUSTEE_PASSPHRASE', values['passphrase-file'], 'passphrase')

  async function api(method, path, body) {
    const response = await fetch(`${server}/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token()}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const answer = await response.json().catch(() => ({}))
    if (!response.ok) {
      throw new CliError(`${response.status} ${answer.error ?? ''}: ${answer.message ?? ''}`.trim())
    }
    return answer
  }

  return {
    server,
    keyFile,
    passphrase,
    out: (line) => process.stdout.write(`${line}\n`),
    ceremony: () => api('GET', 'trustee/ceremony'),
    /** One page of the committed encrypted ballots from position `first`. */
    ballots: (first) => api('GET', `trustee/ballots?first=${first}`),
    /** The public account of the decryption (every batch on record with its trustee). */
    decryption: (campaignId) => api('GET', `campaigns/${campaignId}/decryption`),
    post: (what, body) => api('POST', `trustee/${what}`, body),
    hasKeyFile: () => existsSync(keyFile),
    /** The ceremony secret of the key file, for this campaign and trustee. */
    async secretFor(view) {
      if (!existsSync(keyFile)) throw new CliError(`no key file at ${keyFile}: run "key" first`)
      const file = parseKeyFile(readFileSync(keyFile, 'utf8'))
      if (file.campaignId !== view.campaign.id || file.index !== view.index) {
        throw new CliError(
          `${keyFile} is trustee ${file.index} of campaign ${file.campaignId}, ` +
            `not trustee ${view.index} of campaign ${view.campaign.id}`
        )
      }
      return { file, secret: await unlockKeyFile(file, passphrase()) }
    },
    /** Writes a new key file (owner-only, never over an existing one). */
    saveKeyFile(file) {
      writeFileSync(keyFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    },
  }
}

/** Refuses to go on unless the ceremony waits for this step from me. */
export function expectTodo(view, todo) {
  if (view.todo !== todo) {
    throw new CliError(
      `nothing to do for "${todo}": the ceremony is at ${view.status} (${view.todo})`
    )
  }
}
