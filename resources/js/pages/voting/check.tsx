import { Head } from '@inertiajs/react'
import {
  useEffect,
  useEffectEvent,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
} from 'react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import ReplicaAnswers from '~/components/voting/replica_answers'
import { receiptFromParam, receiptParamOf } from '~/lib/voting/receipt_link'
import type { ReceiptReport } from '~/lib/voting/receipt_checks'

interface Props {
  /** replica base URLs browsers can reach (LEDGER_PUBLIC_URLS) */
  replicaUrls: string[]
}

type Outcome =
  | { kind: 'idle' | 'checking' }
  | { kind: 'error'; code: 'not_json' | 'genesis_unavailable' }
  | { kind: 'report'; report: ReceiptReport; blockHash: string; verdict: Verdict | null }

/** What the decryption made of a ballot of an encrypted campaign (none for a ballot in clear). */
type Verdict = { status: 'pending' | 'counted' } | { status: 'spoiled'; reason: string }

/**
 * The address this page's module was loaded with. An old check link (`/check?r=…`) reaches the
 * server with its query, which the server leaves out of the page: Inertia then rewrites the address
 * bar without it, so it is read here, before that. Used once.
 */
let locationAtLoad: { hash: string; search: string } | null =
  typeof window === 'undefined'
    ? null
    : { hash: window.location.hash, search: window.location.search }

/**
 * Public: check a receipt in this browser against the genesis (offline: hashes, Merkle path,
 * header, commit certificate), then ask the replicas themselves whether they hold the ballot.
 */
/** The text a check link fills in: the receipt JSON, or the parameter itself when it is not one. */
function linkedText(param: string): string {
  const receipt = receiptFromParam(param)
  return receipt ? JSON.stringify(receipt, null, 2) : param
}

export default function CheckPage({ replicaUrls }: Props) {
  const t = useT()
  const [text, setText] = useState('')
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })
  const resultRef = useRef<HTMLDivElement>(null)

  // A check link's receipt is in the URL fragment, which only this browser sees: read and checked
  // here. An old link (`?r=`) is moved into the fragment first, so a reload or a copied address
  // no longer sends the receipt to the server.
  const checkLinkedReceipt = useEffectEvent(() => {
    const linked =
      receiptParamOf(window.location) ?? (locationAtLoad && receiptParamOf(locationAtLoad))
    locationAtLoad = null
    if (!linked) return
    if (linked.legacy) window.history.replaceState(null, '', `/check#r=${linked.param}`)
    void verify(linkedText(linked.param), { fillIn: true })
  })
  useEffect(() => {
    checkLinkedReceipt()
  }, [])

  useEffect(() => {
    if (outcome.kind === 'report' || outcome.kind === 'error') resultRef.current?.focus()
  }, [outcome])

  /** `fillIn`: the receipt came from a link; it is shown in the text area too. */
  async function verify(json: string, { fillIn = false } = {}) {
    if (fillIn) setText(json)
    setOutcome({ kind: 'checking' })
    let receipt: unknown
    try {
      receipt = JSON.parse(json)
      if (!receipt || typeof receipt !== 'object') throw new Error('not an object')
    } catch {
      setOutcome({ kind: 'error', code: 'not_json' })
      return
    }
    const [genesis, { checkReceipt }] = await Promise.all([
      fetch('/api/v1/ledger/genesis', { credentials: 'omit' })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null),
      import('~/lib/voting/receipt_checks'),
    ])
    if (!genesis) {
      setOutcome({ kind: 'error', code: 'genesis_unavailable' })
      return
    }
    const blockHash = String((receipt as { blockHash?: unknown }).blockHash ?? '')
    const report = checkReceipt(receipt, genesis)
    const hash = (receipt as { ballotHash?: unknown }).ballotHash
    const verdict = report.ok && typeof hash === 'string' ? await verdictOf(hash) : null
    setOutcome({ kind: 'report', report, blockHash, verdict })
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    void verify(text)
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    if (!file) return
    const content = await file.text()
    setText(content)
    void verify(content)
  }

  const title = t('ui.voting.check.title')
  return (
    <>
      <Head title={title} />
      <h1>{title}</h1>
      <p>{t('ui.voting.check.intro')}</p>
      <form onSubmit={submit} className="card">
        <div className="field">
          <label htmlFor="receipt-text">{t('ui.voting.check.paste_label')}</label>
          <textarea
            id="receipt-text"
            rows={6}
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="receipt-file">{t('ui.voting.check.upload_label')}</label>
          <input id="receipt-file" type="file" accept="application/json,.json" onChange={upload} />
        </div>
        <button type="submit" className="button" disabled={outcome.kind === 'checking'}>
          {t('ui.voting.check.verify')}
        </button>
      </form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {outcome.kind === 'checking' && <p role="status">{t('ui.voting.check.checking')}</p>}
        {outcome.kind === 'error' && (
          <p role="alert" className="flash flash-error">
            {t(`ui.voting.check.error_${outcome.code}`)}
          </p>
        )}
        {outcome.kind === 'report' && <Report report={outcome.report} />}
        {outcome.kind === 'report' && outcome.verdict && <VerdictCard verdict={outcome.verdict} />}
      </div>
      {outcome.kind === 'report' && outcome.report.txHash && replicaUrls.length > 0 && (
        <ReplicaAnswers
          urls={replicaUrls}
          txHash={outcome.report.txHash}
          blockHash={outcome.blockHash}
        />
      )}
    </>
  )
}

function Report({ report }: { report: ReceiptReport }) {
  const t = useT()
  const dates = useDates()
  return (
    <section className="card" aria-labelledby="report-heading">
      <h2 id="report-heading">
        {report.ok ? t('ui.voting.check.valid') : t('ui.voting.check.invalid')}
      </h2>
      <ul className="check-list">
        {report.checks.map((check) => (
          <li key={check.name} className={`check-${check.status}`} data-check={check.name}>
            <strong>{t(`ui.voting.check.name_${check.name}`)}</strong>:{' '}
            {t(`ui.voting.check.status_${check.status}`)}
            {check.message && <span className="muted"> ({check.message})</span>}
          </li>
        ))}
      </ul>
      {report.height !== null && (
        <p>
          {t('ui.voting.check.block', {
            height: report.height,
            time: report.timestampMs
              ? dates.dateTime(new Date(report.timestampMs).toISOString())
              : '—',
            zone: dates.timeZone,
          })}
        </p>
      )}
      <p>
        {t('ui.voting.check.signers', { signers: report.signers, quorum: report.quorum ?? '—' })}
      </p>
      <p>
        {t('ui.voting.check.fingerprint')}{' '}
        <code className="hash">{report.fingerprint ? group(report.fingerprint) : '—'}</code>
      </p>
      <p className="muted">{t('ui.voting.check.fingerprint_hint')}</p>
    </section>
  )
}

/**
 * Asks the app what became of a verified ballot (the hash is public, on the ledger; the receipt
 * stays in this browser). Null for a ballot in clear or when the app cannot say.
 */
async function verdictOf(ballotHash: string): Promise<Verdict | null> {
  if (!/^[0-9a-f]{64}$/.test(ballotHash)) return null
  try {
    const response = await fetch(`/api/v1/ballots/${ballotHash}`, { credentials: 'omit' })
    if (!response.ok) return null
    const body = (await response.json()) as { verdict?: Verdict }
    return body.verdict ?? null
  } catch {
    return null
  }
}

function VerdictCard({ verdict }: { verdict: Verdict }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="verdict-heading" data-verdict={verdict.status}>
      <h2 id="verdict-heading">{t('ui.voting.check.verdict_title')}</h2>
      <p>
        {verdict.status === 'spoiled'
          ? t('ui.voting.check.verdict_spoiled', {
              reason: t(`ui.voting.check.verdict_spoiled_${verdict.reason}`),
            })
          : t(`ui.voting.check.verdict_${verdict.status}`)}
      </p>
    </section>
  )
}

/** `abcd ef01 …`: groups of four, for comparing with the printed fingerprint. */
function group(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ')
}
