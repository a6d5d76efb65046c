import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'

/*
| Line-by-line reading of the CSV imports (census register, paper ballots): an uploaded file is read
| as a stream, never held as one string, so a 200,000-line file costs its parsed rows only. Pasted
| text goes through the same line splitting (CR, LF or CRLF; a final newline ends the last line).
*/

/** Called with each line (1-based number); `false` stops the reading. */
export type LineSink = (line: string, lineNo: number) => boolean | void

/** Feeds `text`'s lines to `sink` (a UTF-8 byte-order mark at the start dropped). */
export function readTextLines(text: string, sink: LineSink): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  for (const [index, line] of lines.entries()) {
    if (sink(line, index + 1) === false) return
  }
}

/** Feeds the UTF-8 file's lines to `sink` as they are read; stops reading when it says `false`. */
export async function readFileLines(path: string, sink: LineSink): Promise<void> {
  const input = createReadStream(path, { encoding: 'utf8' })
  const lines = createInterface({ input, crlfDelay: Infinity })
  let lineNo = 0
  try {
    for await (const line of lines) {
      lineNo++
      if (sink(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line, lineNo) === false) break
    }
  } finally {
    lines.close()
    input.destroy()
  }
}
