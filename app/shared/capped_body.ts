import type { IncomingMessage } from 'node:http'

/**
 * Reads a request body up to `limit` bytes, counting the bytes actually received (a chunked body
 * has no Content-Length to trust). Over the limit it stops reading at once and answers null; the
 * caller refuses the request and closes the connection.
 */
export function readCappedBody(raw: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const stop = () => {
      raw.off('data', onData)
      raw.off('end', onEnd)
      raw.off('error', onError)
    }
    function onData(chunk: Buffer) {
      received += chunk.length
      if (received > limit) {
        stop()
        raw.pause()
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    function onEnd() {
      stop()
      resolve(Buffer.concat(chunks))
    }
    function onError(error: Error) {
      stop()
      reject(error)
    }
    raw.on('data', onData)
    raw.on('end', onEnd)
    raw.on('error', onError)
  })
}
