import { DbAccessTokensProvider, AccessToken } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'

/*
| Residents' bearer tokens, verified without a write (issue #13, docs/threat-model.md "Linkage"):
| the stock provider sets `last_used_at` on every request, before it even checks the secret. On the
| credential request that write would leave a new row version of the resident's token — a time and
| a physical position in the table — next to the moment a credential was issued. Nothing reads
| `last_used_at`, so it stays NULL.
*/
export class UnrecordedAccessTokensProvider<
  TokenableModel extends LucidModel,
> extends DbAccessTokensProvider<TokenableModel> {
  async verify(tokenValue: Secret<string>): Promise<AccessToken | null> {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded) return null
    const db = await this.getDb()
    const row = await db
      .query()
      .from(this.table)
      .where({ id: decoded.identifier, type: this.type })
      .first()
    if (!row) return null
    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null
    return token
  }
}
