import { useState } from 'react'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import type {
  DecryptionCeremonyView,
  TrusteeBallotsPage,
  TrusteeKeyFile,
} from '@civic-budget/protocol/trustee'
import { useT, type Translate } from '~/lib/i18n'
import PassphraseForm from '~/components/trustees/passphrase_form'

/*
| The trustee page's decryption step. Before the close only a note (the server says when it opens:
| `decryptionOpen`); after it, unlock the key file, fetch every ballot, check their proofs, make the
| shares in small slices — yielding to the browser between them, with progress — and post each
| canonical batch, showing the server's verdict. The shared code is
| @civic-budget/protocol/trustee (the CLI's `decrypt` runs the same); batches already on record are
| skipped, so running it again after an interruption posts only what is missing.
*/
type Progress = { stage: 'fetch' | 'check' | 'share'; done: number; total: number }
type Verdict = { first: number; last: number; valid: boolean; badPositions: number[] }
type Api = (path: string, body?: unknown) => Promise<any>

const trusteeCode = () => import('@civic-budget/protocol/trustee')
/** Lets the browser paint and handle input between two slices of work. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0))

async function onRecord(campaignId: number, index: number): Promise<Set<number>> {
  const response = await fetch(`/api/v1/campaigns/${campaignId}/decryption`, {
    headers: { Accept: 'application/json' },
  })
  if (!response.ok) throw new Error(String(response.status))
  const status: { batches: { trustee: number; first: number }[] } = await response.json()
  return new Set(status.batches.filter((b) => b.trustee === index).map((b) => b.first))
}

export default function DecryptStep({
  view,
  keyFile,
  open,
  api,
  onRefresh,
}: {
  view: DecryptionCeremonyView & { campaign: { id: number } }
  keyFile: TrusteeKeyFile | null
  /** Whether the server takes shares now (after the close); before, only a note. */
  open: boolean
  api: Api
  onRefresh: () => void
}) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [verdicts, setVerdicts] = useState<Verdict[]>([])
  const [outcome, setOutcome] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const decrypt = async (passphrase: string) => {
    setBusy(true)
    setError(null)
    setOutcome(null)
    setVerdicts([])
    try {
      const code = await trusteeCode()
      const secret = await code.unlockKeyFile(keyFile!, passphrase)
      const ballots = await code.fetchEncryptedBallots(
        (first) => api(`ballots?first=${first}`) as Promise<TrusteeBallotsPage>,
        (done, total) => setProgress({ stage: 'fetch', done, total })
      )
      if (ballots.length === 0) return setOutcome(t('ui.trustees.decrypt.no_ballots'))
      const { keyShare, context } = code.decryptionKey(view, secret)
      const skip = await onRecord(view.campaign.id, view.index)
      let posted = 0
      for (const step of code.decryptionBatches(keyShare, ballots, context, { skip })) {
        if (step.kind === 'checked') {
          setProgress({ stage: 'check', done: step.ballots, total: step.total })
        } else if (step.kind === 'shared') {
          setProgress({ stage: 'share', done: step.shares, total: step.total })
        } else {
          const answer = await api('shares', { record: bytesToHex(step.record) })
          posted++
          const verdict: Verdict = {
            first: step.first,
            last: step.first + step.count - 1,
            valid: answer.verdict === 'valid',
            badPositions: answer.badPositions ?? [],
          }
          setVerdicts((list) => [...list, verdict])
        }
        await breathe()
      }
      setOutcome(
        posted === 0
          ? t('ui.trustees.decrypt.nothing_new', { ballots: ballots.length })
          : t('ui.trustees.decrypt.done', { batches: posted, ballots: ballots.length })
      )
    } catch (problem) {
      setError(message(problem, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="decrypt-heading">
      <h2 id="decrypt-heading">{t('ui.trustees.decrypt.heading')}</h2>
      <p>{t('ui.trustees.decrypt.intro', { threshold: view.threshold })}</p>
      {!open ? (
        <>
          <p role="note">{t('ui.trustees.decrypt.not_open')}</p>
          <button type="button" className="button secondary" onClick={onRefresh}>
            {t('ui.trustees.page.refresh')}
          </button>
        </>
      ) : keyFile ? (
        <PassphraseForm label={t('ui.trustees.decrypt.start')} busy={busy} onSubmit={decrypt} />
      ) : (
        <p>{t('ui.trustees.decrypt.no_key')}</p>
      )}
      <div aria-live="polite">
        {progress && busy && (
          <p>
            <label htmlFor="decrypt-progress">
              {t(`ui.trustees.decrypt.stage.${progress.stage}`, {
                done: progress.done,
                total: progress.total,
              })}
            </label>{' '}
            <progress id="decrypt-progress" max={progress.total} value={progress.done} />
          </p>
        )}
        {error && (
          <p className="flash flash-error" role="alert">
            {error}
          </p>
        )}
        {outcome && <p className="flash flash-success">{outcome}</p>}
      </div>
      {verdicts.length > 0 && (
        <ul aria-label={t('ui.trustees.decrypt.verdicts')}>
          {verdicts.map((v) => (
            <li key={v.first}>
              {v.valid
                ? t('ui.trustees.decrypt.batch_valid', { first: v.first, last: v.last })
                : t('ui.trustees.decrypt.batch_invalid', {
                    first: v.first,
                    last: v.last,
                    positions: v.badPositions.join(', '),
                  })}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function message(problem: unknown, t: Translate): string {
  const named = problem as { name?: string; code?: string; positions?: number[]; message?: string }
  if (named.name === 'TrusteeKeyFileError') return t(`ui.trustees.page.errors.${named.code}`)
  if (named.name === 'DecryptionRefusal') {
    const positions = (named.positions ?? []).join(', ')
    return t(`ui.trustees.decrypt.errors.${named.code}`, { positions })
  }
  return named.message ?? String(problem)
}
