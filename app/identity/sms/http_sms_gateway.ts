import { SmsGateway, SmsUnavailableError } from '#identity/sms/sms_gateway'

export interface HttpSmsOptions {
  url: string
  method: 'POST' | 'PUT' | 'GET'
  /** Extra request headers (e.g. Authorization). */
  headers: Record<string, string>
  /** Body template with `{{to}}` and `{{text}}`; ignored for GET (put the placeholders in the URL). */
  body: string
  /** Per request, 100 ms … 30 s. */
  timeoutMs: number
  /** Retries after the first try (network errors, timeouts, 5xx and 429 only); at most 5. */
  retries: number
  backoffMsBase?: number
  backoffMsMax?: number
}

const RETRIES_MAX = 5
const TIMEOUT_MS_MAX = 30_000
const DEFAULT_BODY = '{"to":"{{to}}","text":"{{text}}"}'

type Escape = (value: string) => string
const escapeJson: Escape = (value) => JSON.stringify(value).slice(1, -1)
const escapeForm: Escape = (value) => encodeURIComponent(value)
const escapeNone: Escape = (value) => value

/** Fills `{{to}}` and `{{text}}`, escaping the values for where they land. */
export function renderTemplate(
  template: string,
  values: { to: string; text: string },
  escape: Escape
) {
  return template.replace(/\{\{\s*(to|text)\s*\}\}/g, (_, name: 'to' | 'text') =>
    escape(values[name])
  )
}

/** Parses SMS_HTTP_HEADERS (a JSON object of strings); a malformed value stops the boot. */
export function parseHeaders(json: string | undefined): Record<string, string> {
  if (!json) return {}
  const parsed: unknown = JSON.parse(json)
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('SMS_HTTP_HEADERS must be a JSON object')
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(parsed)) headers[name] = String(value)
  return headers
}

/**
 * An operator's HTTP API: one request per message, bounded timeout, a bounded
 * number of retries with exponential back-off. A 4xx other than 429 is a
 * permanent refusal (no retry).
 */
export class HttpSmsGateway extends SmsGateway {
  protected options: Required<HttpSmsOptions>

  constructor(
    options: HttpSmsOptions,
    protected fetchFn: typeof fetch = fetch,
    protected sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms))
  ) {
    super()
    if (!options.url) throw new Error('SMS_HTTP_URL is required for the http SMS driver')
    this.options = {
      backoffMsBase: 300,
      backoffMsMax: 3000,
      ...options,
      body: options.body || DEFAULT_BODY,
      retries: Math.max(0, Math.min(RETRIES_MAX, Math.floor(options.retries))),
      timeoutMs: Math.max(100, Math.min(TIMEOUT_MS_MAX, options.timeoutMs)),
    }
  }

  protected contentType(): string {
    const entry = Object.entries(this.options.headers).find(
      ([name]) => name.toLowerCase() === 'content-type'
    )
    if (entry) return entry[1]
    return this.options.body.trim().startsWith('{') ? 'application/json' : 'text/plain'
  }

  protected buildRequest(to: string, text: string): { url: string; init: RequestInit } {
    const url = renderTemplate(this.options.url, { to, text }, escapeForm)
    const headers: Record<string, string> = { ...this.options.headers }
    if (this.options.method === 'GET') return { url, init: { method: 'GET', headers } }
    const type = this.contentType()
    const escape = type.includes('json')
      ? escapeJson
      : type.includes('x-www-form-urlencoded')
        ? escapeForm
        : escapeNone
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = type
    }
    const body = renderTemplate(this.options.body, { to, text }, escape)
    return { url, init: { method: this.options.method, headers, body } }
  }

  async send(to: string, text: string) {
    const { url, init } = this.buildRequest(to, text)
    let lastError: unknown = null
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) {
        const delay = Math.min(
          this.options.backoffMsMax,
          this.options.backoffMsBase * 2 ** (attempt - 1)
        )
        await this.sleep(delay)
      }
      try {
        const response = await this.fetchFn(url, {
          ...init,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        })
        await response.arrayBuffer().catch(() => null)
        if (response.ok) return
        lastError = new Error(`SMS gateway answered ${response.status}`)
        if (response.status < 500 && response.status !== 429) break
      } catch (error) {
        lastError = error
      }
    }
    throw new SmsUnavailableError('The SMS gateway did not accept the message', {
      cause: lastError,
    })
  }
}
