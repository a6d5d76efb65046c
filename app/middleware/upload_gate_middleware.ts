import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Exception } from '@adonisjs/core/exceptions'
import { isMultipart, isUploadRoute, removeReceivedFiles } from '#shared/upload_intake'

/*
| Router middleware after the body parser and the session (app/shared/upload_intake.ts): a
| multipart body on a route that takes no uploads is refused with 415 before anything reads it;
| on an upload route, the files its controller received are deleted once the request is answered,
| whether it succeeded, failed validation, was refused or threw.
*/
export default class UploadGateMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!isMultipart(ctx)) return next()
    if (!isUploadRoute(ctx)) {
      throw new Exception('This route does not take files', {
        status: 415,
        code: 'E_MULTIPART_NOT_ACCEPTED',
      })
    }
    try {
      return await next()
    } finally {
      await removeReceivedFiles(ctx)
    }
  }
}
