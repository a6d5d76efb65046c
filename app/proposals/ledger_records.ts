import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { enqueueRecord } from '#ledger/record'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import type Idea from '#proposals/models/idea'
import type IdeaAttachment from '#proposals/models/idea_attachment'
import { supporterHash } from '#proposals/supporter_hash'

/*
| The proposals module's platform records (ledger-node/README.md "Platform records"), queued in the
| caller's transaction through the ledger outbox: they reach the ledger iff the change commits.
| No personal data: a keyed hash of the supporter, the attachment's digest, size and type.
*/

/** `support [1, campaignId, ideaId, supporterHash, atMs, "sign"|"withdraw"]`. */
export async function enqueueSupportRecord(
  trx: TransactionClientContract,
  idea: Idea,
  residentId: number,
  action: 'sign' | 'withdraw',
  at: Date
) {
  await enqueueRecord(
    'support',
    [1, idea.campaignId, idea.id, supporterHash(idea.campaignId, residentId), at.getTime(), action],
    trx
  )
}

/** `attachment [1, campaignId, ideaId, sha256, byteSize, mediaType]`. */
export async function enqueueAttachmentRecord(
  trx: TransactionClientContract,
  idea: Idea,
  attachment: IdeaAttachment
) {
  await enqueueRecord(
    'attachment',
    [
      1,
      idea.campaignId,
      idea.id,
      hexToBytes(attachment.sha256, 32),
      attachment.size,
      attachment.mime,
    ],
    trx
  )
}
