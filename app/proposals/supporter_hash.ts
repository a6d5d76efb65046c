import { createHmac } from 'node:crypto'
import env from '#start/env'
import { residentRef } from '#identity/resident_ref'

/*
| `supporterHash` of a `support` record (ledger-node/README.md "Platform records"):
|   K = HMAC-SHA256(APP_KEY, "civic-budget/support/v1" ‖ 0x00 ‖ uint64be(campaignId))
|   supporterHash = HMAC-SHA256(K, personRef)          personRef = "resident:<id>"
| Stable per person within one campaign (a sign and its withdrawal match), unlinkable across
| campaigns and, without APP_KEY, to anyone; never the phone. The one place this is computed.
*/
const TAG = 'civic-budget/support/v1'

export function supporterHash(campaignId: number, residentId: number): Uint8Array {
  const id = Buffer.alloc(8)
  id.writeBigUInt64BE(BigInt(campaignId))
  const key = createHmac('sha256', env.get('APP_KEY'))
    .update(Buffer.concat([Buffer.from(TAG, 'utf8'), Buffer.from([0]), id]))
    .digest()
  return new Uint8Array(createHmac('sha256', key).update(residentRef(residentId)).digest())
}
