/** What the browser shows of a chosen CSV before it is sent: its first lines and its line count. */
export interface CsvPreview {
  firstLines: string[]
  lines: number
}

const FIRST_BYTES = 64 * 1024
const NEWLINE = 10

/**
 * Reads `file` as a stream, chunk by chunk, counting its lines (`onProgress` with the share read,
 * 0–1): the page stays responsive on a 200,000-line file, which is never held as one string.
 */
export async function previewCsv(
  file: File,
  firstLinesCount: number,
  onProgress: (share: number) => void,
  isCancelled: () => boolean
): Promise<CsvPreview | null> {
  const head = await file.slice(0, FIRST_BYTES).text()
  const firstLines = head
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, firstLinesCount)
  const reader = file.stream().getReader()
  let lines = 0
  let read = 0
  let last = NEWLINE
  for (;;) {
    const { done, value } = await reader.read()
    if (isCancelled()) {
      await reader.cancel()
      return null
    }
    if (done) break
    for (const byte of value) if (byte === NEWLINE) lines++
    read += value.length
    last = value[value.length - 1]
    onProgress(file.size === 0 ? 1 : read / file.size)
  }
  // A last line without its newline counts too.
  return { firstLines, lines: read > 0 && last !== NEWLINE ? lines + 1 : lines }
}
