import { useT } from '~/lib/i18n'

/** What `GET /api/v1/campaigns/:id/decryption` answers (app/trustees/decryption/decryption_status.ts). */
export interface DecryptionSummaryData {
  threshold: number
  trustees: number
  ballots: number
  decrypted: boolean
  counted: number | null
  spoiled: number | null
  spoiledReasons: { reason: string; ballots: number }[]
  batches: {
    trustee: number
    name: string
    first: number
    count: number
    valid: boolean
    badPositions: number[]
  }[]
}

/**
 * An encrypted campaign on its results page: t of n trustees, whether the ballots are decrypted,
 * the spoiled ballots with their reasons, and every trustee who posted a share that failed its
 * proof (named publicly; such shares are not used).
 */
export default function DecryptionSummary({ decryption }: { decryption: DecryptionSummaryData }) {
  const t = useT()
  const bad = decryption.batches.filter((b) => !b.valid)
  return (
    <section aria-labelledby="decryption-title">
      <h2 id="decryption-title">{t('ui.decryption.title')}</h2>
      <p>
        {t('ui.decryption.threshold', {
          threshold: decryption.threshold,
          trustees: decryption.trustees,
        })}
      </p>
      {decryption.decrypted ? (
        <p>
          {t('ui.decryption.decrypted', {
            ballots: decryption.ballots,
            counted: decryption.counted ?? 0,
            spoiled: decryption.spoiled ?? 0,
          })}
        </p>
      ) : (
        <p>
          {t('ui.decryption.waiting', {
            ballots: decryption.ballots,
            batches: decryption.batches.length,
          })}
        </p>
      )}
      {decryption.spoiledReasons.length > 0 && (
        <>
          <h3>{t('ui.decryption.spoiled_title')}</h3>
          <ul>
            {decryption.spoiledReasons.map((r) => (
              <li key={r.reason}>
                {t('ui.decryption.spoiled_reason', { ballots: r.ballots })} <code>{r.reason}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {bad.length > 0 && (
        <>
          <h3>{t('ui.decryption.bad_shares_title')}</h3>
          <ul>
            {bad.map((b) => (
              <li key={`${b.trustee}:${b.first}`}>
                {t('ui.decryption.bad_shares', {
                  trustee: b.trustee,
                  name: b.name,
                  positions: b.badPositions.length > 0 ? b.badPositions.join(', ') : '—',
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
