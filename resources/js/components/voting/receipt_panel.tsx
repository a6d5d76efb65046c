import { useT } from '~/lib/i18n'
import type { ReceiptLike } from '~/lib/voting/vote_flow'
import { checkLink, receiptDownloadHref } from '~/lib/voting/receipt_link'

/** After a successful vote: the receipt, to save and to check (the device forgets it afterwards). */
export default function ReceiptPanel({ receipt }: { receipt: ReceiptLike }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{t('ui.voting.receipt_title')}</h2>
      <p>{t('ui.voting.receipt_intro')}</p>
      <p>
        {t('ui.voting.ballot_hash')}: <code className="hash">{receipt.ballotHash}</code>
      </p>
      <div className="actions">
        <a
          className="button"
          href={receiptDownloadHref(receipt)}
          download={`receipt-${receipt.ballotHash.slice(0, 12)}.json`}
        >
          {t('ui.voting.download')}
        </a>
        <a className="button secondary" href={checkLink(receipt)}>
          {t('ui.voting.check_link')}
        </a>
      </div>
    </section>
  )
}
