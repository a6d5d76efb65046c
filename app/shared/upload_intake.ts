/*
| Where multipart bodies are read (issue #13, "Uploads"). The body parser never processes
| multipart by itself (config/bodyparser.ts `autoProcess: false`): a route that takes files is
| marked with `acceptsUploads(...)` in its module's routes file, and its controller calls
| `receiveUploads(ctx)` only once the caller is authorized, so nothing reaches the disk for an
| anonymous, unauthorized or cross-site (CSRF-refused) request. Every other route refuses a
| multipart body (UploadGateMiddleware), and every file written for a request is removed when the
| request ends, whatever the answer.
*/
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import app from '@adonisjs/core/services/app'
import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext, Route } from '@adonisjs/core/http'

const uploadRoutes: Route[] = []
const receivedFiles = new WeakMap<HttpContext, string[]>()

/** Marks a route as one that takes multipart uploads (its controller calls `receiveUploads`). */
export function acceptsUploads<T extends Route>(route: T): T {
  uploadRoutes.push(route)
  return route
}

/** Whether the matched route takes uploads (names are final once the routes files have loaded). */
export function isUploadRoute(ctx: HttpContext): boolean {
  const name = ctx.route?.name
  return name !== undefined && uploadRoutes.some((route) => route.getName() === name)
}

export function isMultipart(ctx: HttpContext): boolean {
  return ctx.request.is(['multipart/form-data']) !== null && ctx.request.hasBody()
}

/** The folder the request's files are streamed to (under the OS temp folder, read at call time). */
export function uploadTmpDir(): string {
  return join(tmpdir(), 'civic-budget-uploads')
}

/** What a route takes, when narrower than the body parser's defaults. */
export interface UploadRules {
  /** Bytes of the whole body (default: the body parser's `multipart.limit`). */
  limit?: number | string
  /** Lower-case file name extensions without the dot; a file of another kind is refused with 415. */
  extensions?: readonly string[]
}

/**
 * Reads the multipart body: fields into the request body, files to temporary paths (then
 * `request.file(...)` / `validateUsing` see them). Call after authorization; a no-op for a
 * non-multipart body. Over `rules.limit` (or the body parser's `multipart.limit`) it throws 413
 * (E_REQUEST_ENTITY_TOO_LARGE), for a file not of `rules.extensions` 415
 * (E_UNSUPPORTED_MEDIA_TYPE) — both stop reading at once and are answered, translated, by the
 * exception handler.
 */
export async function receiveUploads(ctx: HttpContext, rules: UploadRules = {}): Promise<void> {
  if (!isMultipart(ctx) || ctx.request.multipart.state !== 'idle') return
  const dir = uploadTmpDir()
  await mkdir(dir, { recursive: true })
  const paths: string[] = []
  receivedFiles.set(ctx, paths)
  ctx.request.multipart.onFile('*', { deferValidations: true }, async (part, reportChunk) => {
    if (rules.extensions && !rules.extensions.includes(extensionOf(part.filename))) {
      part.resume()
      ctx.request.multipart.abort(
        new Exception('unsupported media type', { status: 415, code: 'E_UNSUPPORTED_MEDIA_TYPE' })
      )
      return {}
    }
    const tmpPath = join(dir, randomUUID())
    paths.push(tmpPath)
    part.pause()
    part.on('data', reportChunk)
    try {
      await pipeline(part, createWriteStream(tmpPath))
    } catch (error) {
      // Aborted mid-file (limit, client gone): the partial file may be created after the cleanup ran.
      await unlink(tmpPath).catch(() => undefined)
      throw error
    }
    return { tmpPath }
  })
  await ctx.request.multipart.process({
    limit: rules.limit ?? app.config.get<string>('bodyparser.multipart.limit'),
  })
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot === -1 ? '' : filename.slice(dot + 1).toLowerCase()
}

/** Deletes every temporary file written for the request (moved or already gone ones are skipped). */
export async function removeReceivedFiles(ctx: HttpContext): Promise<void> {
  const paths = receivedFiles.get(ctx) ?? []
  receivedFiles.delete(ctx)
  await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)))
}
