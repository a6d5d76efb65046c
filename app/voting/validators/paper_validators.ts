import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'

/** A station's lists are at most 2 000 lines each; 1 MB leaves room for long lines. */
export const PAPER_CSV_BYTES_MAX = 1024 * 1024
/** The uploaded lists: CSV or plain text, 1 MB each (the browser checks the same before sending). */
export const PAPER_FILE_EXTENSIONS = ['csv', 'txt']
/** The whole multipart body (both files and the fields); beyond it the upload stops with 413. */
export const PAPER_UPLOAD_BYTES_MAX = 2 * PAPER_CSV_BYTES_MAX + 64 * 1024
const file = () => vine.file({ size: PAPER_CSV_BYTES_MAX, extnames: PAPER_FILE_EXTENSIONS })

/**
 * `{station, batchNo, voterKind, file | csv, votersFile? | voters?}` of the paper-ballot preview and
 * import: `file` (uploaded, the page's way) or `csv` (text, for API clients) the sheets; `votersFile`
 * or `voters` who voted (a separate list, one phone or ID hash a line).
 */
export const paperImportValidator = vine.compile(
  vine.object({
    station: vine
      .string()
      .trim()
      .minLength(1)
      .maxLength(128)
      // the ledger limits the station name to 128 bytes of UTF-8
      .use(
        vine.createRule((value, _, field) => {
          if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > 128) {
            field.report('The {{ field }} field is too long', 'station_bytes', field)
          }
        })()
      ),
    batchNo: vine.number().withoutDecimals().min(1).max(2_147_483_647),
    voterKind: vine.enum(['none', 'phone', 'id_hash'] as const),
    file: file().optional(),
    csv: vine
      .string()
      .minLength(1)
      .maxLength(PAPER_CSV_BYTES_MAX)
      .optional()
      .requiredIfMissing('file'),
    votersFile: file().optional(),
    voters: vine.string().maxLength(PAPER_CSV_BYTES_MAX).optional(),
  })
)
export type PaperImportForm = Infer<typeof paperImportValidator>
