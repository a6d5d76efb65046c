import type { HttpContext } from '@adonisjs/core/http'
import { rowId } from '#shared/row_id'
import { notFound } from '#shared/controllers/responses'
import { decryptionStatus } from '#trustees/decryption/decryption_status'

/** Public: the decryption of an encrypted campaign — share verdicts, counted and spoiled ballots. */
export default class DecryptionStatusController {
  async show(ctx: HttpContext) {
    const campaignId = rowId(ctx.params.id)
    const status = campaignId === null ? null : await decryptionStatus(campaignId)
    if (!status) notFound()
    return status
  }
}
