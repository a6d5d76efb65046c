import type { IncomingMessage } from 'node:http'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import string from '@adonisjs/core/helpers/string'
import type { HttpContext } from '@adonisjs/core/http'
import { requestLocale } from '#shared/request_locale'
import { rowId } from '#shared/row_id'
import { SESSION_COOKIE } from '#config/session'
import { matchesEtag, resultsVersion, type ResultsVersion } from '#reporting/results_cache'
import { brandingStamp } from '#branding/branding_store'

/*
| Replayed answers (app/reporting/README.md "Results cache"): the results API, page and embed
| answered to an anonymous GET are kept, per campaign, kind and locale, with the results version
| they were made for, and handed to the next such request as they are while that version holds —
| from a server middleware, before the static files, the session, shield, Inertia and the router.
| A replay is the same answer the full stack gave (headers included), minus what was made for
| that one visitor: no Set-Cookie, and a page's CSP nonce is a fresh one in the CSP header and in
| the HTML alike. A body without a nonce in it (the API's JSON; production's pages, whose scripts
| are external) is also kept gzip- and brotli-compressed; 304 answers the API's ETag. Misses (a new version, a new locale) go through the full stack once and are kept.
|
| Only anonymous page views are replayed: no session cookie (nothing else names a visitor), no
| query string, not an Inertia visit. A signed-in page shows who is signed in, so it is never
| kept; an anonymous one carries nothing of its visitor (flash and errors live in the session),
| and such a view makes no session (`anonymousResultsView`), so the visitor stays anonymous.
*/
export type ReplayKind = 'api' | 'page' | 'embed'

export interface ReplayTarget {
  kind: ReplayKind
  by: { id: number } | { slug: string }
  /** The page's language; null for the API (its errors are localized, but they are never kept). */
  locale: string | null
}

interface Replay {
  versionKey: string
  headers: [string, string | string[]][]
  /** The body, split where the CSP nonce was (one part without one). */
  body: string[]
  /** The CSP header, split likewise (null: no CSP, or no nonce in it). */
  csp: string[] | null
  etag: string | null
  /** Without a nonce in it: the body as bytes, and compressed when that is worth it. */
  plain: Buffer | null
  gzip: Buffer | null
  br: Buffer | null
}

const API = /^\/api\/v1\/campaigns\/(\d{1,18})\/results$/
const PAGE = /^\/(embed\/)?campaigns\/([a-z0-9][a-z0-9-]{0,199})\/results$/
/** Below this the bytes are sent as they are (as the compression middleware does). */
const COMPRESS_FROM_BYTES = 1024
/** Per campaign, kind and locale; cleared when full. */
const MAX_REPLAYS = 512
/** Made per answer (or per visitor): never kept, never replayed. */
const NOT_KEPT = new Set([
  'set-cookie',
  'date',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'x-request-id',
  'content-security-policy',
])

const replays = new Map<string, Replay>()

function hasSessionCookie(header: string | undefined): boolean {
  if (!header) return false
  const prefix = `${SESSION_COOKIE}=`
  return header.split(';').some((part) => part.trim().startsWith(prefix))
}

/**
 * A results page or embed viewed by a visitor without a session: no session is made for them
 * either (session_middleware.ts `isSessionless`), so they stay anonymous and keep being replayed.
 * Nothing on these pages reads the session but the layout's "who is signed in" (null then).
 */
export function anonymousResultsView(raw: IncomingMessage): RegExpExecArray | null {
  if (raw.method !== 'GET' || raw.headers['x-inertia'] !== undefined) return null
  if (hasSessionCookie(raw.headers.cookie)) return null
  return PAGE.exec(raw.url ?? '')
}

/** What a GET asks for when it is one of the answers that can be replayed; null otherwise. */
export function replayTarget(ctx: HttpContext): ReplayTarget | null {
  const raw = ctx.request.request
  if (raw.method !== 'GET') return null
  const api = API.exec(raw.url ?? '')
  if (api) {
    const id = rowId(api[1])
    return id === null ? null : { kind: 'api', by: { id }, locale: null }
  }
  const page = anonymousResultsView(raw)
  if (!page) return null
  return { kind: page[1] ? 'embed' : 'page', by: { slug: page[2] }, locale: requestLocale(ctx) }
}

function replayKey(target: ReplayTarget, version: ResultsVersion): string {
  return `${target.kind}:${version.campaignId}:${target.locale ?? ''}`
}

/**
 * What a kept answer must match: the results version and, for the pages (which show the city's
 * name, logo, colour and footer), the branding read into memory when it was made.
 */
function keptFor(target: ReplayTarget, version: ResultsVersion): string | null {
  if (version.key === null) return null
  return target.kind === 'api' ? version.key : `${version.key}|${brandingStamp()}`
}

/** The kept answer for this target and version, if there is one. */
export function replayFor(target: ReplayTarget, version: ResultsVersion): Replay | null {
  const kept = replays.get(replayKey(target, version))
  const wanted = keptFor(target, version)
  return kept && wanted !== null && kept.versionKey === wanted ? kept : null
}

/** br, else gzip, else nothing: what the client accepts (a `q=0` refuses). */
function acceptedEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set(
    (header ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !/^\s*q=0(\.0*)?\s*$/.test(q ?? ''))
      .map(([coding]) => coding.trim().toLowerCase())
  )
  if (accepted.has('br')) return 'br'
  return accepted.has('gzip') ? 'gzip' : null
}

/** Answers the request with `replay`. */
export function replay(ctx: HttpContext, kept: Replay) {
  const response = ctx.response
  for (const [name, value] of kept.headers) response.header(name, value)
  if (kept.etag && matchesEtag(ctx.request.header('if-none-match'), kept.etag)) {
    return response.notModified()
  }
  if (kept.csp) {
    const nonce = string.generateRandom(16)
    response.header('Content-Security-Policy', kept.csp.join(nonce))
    if (!kept.plain) return response.send(kept.body.join(nonce))
  }
  if (!kept.plain) return response.send(kept.body[0])
  const encoding = kept.gzip ? acceptedEncoding(ctx.request.header('accept-encoding')) : null
  if (encoding === null) return response.send(kept.plain)
  // The compression middleware leaves an answer with a Content-Encoding alone (it still adds
  // `Vary: Accept-Encoding`, as to every compressible answer).
  response.header('Content-Encoding', encoding)
  return response.send(encoding === 'br' ? kept.br : kept.gzip)
}

/** Keeps the answer the full stack just gave to `target` at `version`, when it can be replayed. */
export function keep(ctx: HttpContext, target: ReplayTarget, version: ResultsVersion) {
  const response = ctx.response
  const body = response.getBody()
  const versionKey = keptFor(target, version)
  if (versionKey === null || response.getStatus() !== 200 || typeof body !== 'string') return
  // The page was rendered in the language it will be replayed in (the same function picks both).
  if (target.locale !== null && ctx.i18n?.locale !== target.locale) return
  const headers = Object.entries(response.getHeaders())
    .filter(([name, value]) => value !== undefined && !NOT_KEPT.has(name.toLowerCase()))
    .map(([name, value]) => [
      name,
      Array.isArray(value) ? value : String(value),
    ]) as Replay['headers']
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) {
    headers.push([
      'content-type',
      `${/^\s*</.test(body) ? 'text/html' : 'text/plain'}; charset=utf-8`,
    ])
  }
  const nonce: string | undefined = response.nonce
  const cspHeader = response.getHeader('content-security-policy')
  const csp = cspHeader === undefined ? null : String(cspHeader)
  const nonced = nonce !== undefined && csp !== null && csp.includes(nonce)
  // Production's pages load only external scripts ('self'): the nonce is then in the header
  // alone, and the HTML can be compressed once like the API's JSON.
  const parts = nonced ? body.split(nonce) : [body]
  const etag = response.getHeader('etag')
  const plain = parts.length > 1 ? null : Buffer.from(body)
  const compress = plain !== null && plain.length >= COMPRESS_FROM_BYTES
  const kept: Replay = {
    versionKey,
    headers,
    body: parts,
    csp: nonced ? csp.split(nonce) : null,
    etag: etag === undefined ? null : String(etag),
    plain,
    gzip: compress ? gzipSync(plain) : null,
    br: compress
      ? brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : null,
  }
  // A CSP without the nonce (none in use) is kept as a plain header.
  if (!nonced && csp !== null) kept.headers.push(['content-security-policy', csp])
  const key = replayKey(target, version)
  if (!replays.has(key) && replays.size >= MAX_REPLAYS) replays.clear()
  replays.set(key, kept)
}

/** Answers being made by the full stack, per target and version: later misses wait for them. */
const making = new Map<string, Promise<void>>()

/**
 * The server middleware's work: replay when a kept answer holds, else run the stack and keep. When
 * a new version arrives, the requests that miss while its first answer is being made wait for that
 * answer instead of each rendering it again (one render per block, not one per concurrent reader).
 */
export async function replayOrKeep(ctx: HttpContext, next: () => Promise<unknown>) {
  const target = replayTarget(ctx)
  if (!target) return next()
  const version = await resultsVersion(target.by)
  if (!version || version.key === null) return next()
  const id = `${replayKey(target, version)}|${version.key}`
  let kept = replayFor(target, version)
  const inFlight = kept ? undefined : making.get(id)
  if (inFlight) {
    await inFlight
    kept = replayFor(target, version)
  }
  if (kept) return replay(ctx, kept)
  let made = () => {}
  const mine = new Promise<void>((resolve) => (made = resolve))
  if (!making.has(id)) making.set(id, mine)
  try {
    await next()
    keep(ctx, target, version)
  } finally {
    if (making.get(id) === mine) making.delete(id)
    made()
  }
}
