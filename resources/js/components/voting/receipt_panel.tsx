import { useState, type ReactNode } from 'react'
import { useT } from '~/lib/i18n'
import type { ReceiptLike } from '~/lib/voting/vote_flow'
import { checkLink, receiptDownloadHref } from '~/lib/voting/receipt_link'

/**
 * After a successful vote: the receipt, to save, print and check (the device forgets it
 * afterwards). The printout carries the ballot hash and the check link; the choices only when
 * the voter ticks the box (`choices`: the review list, shown then).
 */
export default function ReceiptPanel({
  receipt,
  choices,
}: {
  receipt: ReceiptLike
  choices?: ReactNode
}) {
  const t = useT()
  const [withChoices, setWithChoices] = useState(false)
  const link = checkLink(receipt)
  const origin = typeof window === 'undefined' ? '' : window.location.origin
  return (
    <section className="card receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{t('ui.voting.receipt_title')}</h2>
      <p>{t('ui.voting.receipt_intro')}</p>
      <p>
        {t('ui.voting.ballot_hash')}: <code className="hash">{receipt.ballotHash}</code>
      </p>
      <p className="print-only">
        {t('ui.voting.print.check_at')}: <code className="break">{`${origin}${link}`}</code>
      </p>
      <div className="actions no-print">
        <a
          className="button"
          href={receiptDownloadHref(receipt)}
          download={`receipt-${receipt.ballotHash.slice(0, 12)}.json`}
        >
          {t('ui.voting.download')}
        </a>
        <button type="button" className="button secondary" onClick={() => window.print()}>
          {t('ui.voting.print.receipt')}
        </button>
        <a className="button secondary" href={link}>
          {t('ui.voting.check_link')}
        </a>
      </div>
      {choices && (
        <div className="field check no-print">
          <input
            id="receipt-with-choices"
            type="checkbox"
            checked={withChoices}
            onChange={(event) => setWithChoices(event.target.checked)}
          />
          <label htmlFor="receipt-with-choices">{t('ui.voting.print.with_choices')}</label>
        </div>
      )}
      {choices && withChoices && <div className="receipt-choices">{choices}</div>}
    </section>
  )
}
