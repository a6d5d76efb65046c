import { useState, type FormEvent } from 'react'
import { Head, Link, router, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { inputDateTime, useDates } from '~/lib/dates'
import LoadingButton from '~/components/form/loading_button'
import TextInput from '~/components/form/text_input'
import DecryptionSummary, {
  type DecryptionSummaryData,
} from '~/components/trustees/decryption_summary'
import DemoTrusteesPanel from '~/components/trustees/demo_trustees_panel'
import NameTrusteesForm from '~/components/trustees/name_trustees_form'
import RestartSection from '~/components/trustees/restart_section'
import TrusteeStepsTable, { type TrusteeStep } from '~/components/trustees/trustee_steps_table'

interface Ceremony {
  threshold: number
  trustees: number
  status: 'keys' | 'dealing' | 'review' | 'complete' | 'failed'
  deadlineAt: string | null
  fingerprint: string | null
  paddedLength: number | null
  outcome: {
    qualified?: number[]
    excluded?: { dealer: number; reason: string; complainer?: number }[]
    absent?: number[]
    reason?: string
  } | null
  steps: TrusteeStep[]
  restarts: number
  /** A failed or stalled ceremony the campaign may still start again. */
  restartable: boolean
}

interface Props {
  campaign: { id: number; title: string; stage: string }
  ceremony: Ceremony | null
  configurable: boolean
  canManage: boolean
  invites: { index: number; name: string; url: string }[]
  /** After the close (null before, or for a campaign in clear). */
  decryption: DecryptionSummaryData | null
  /** Development only: the seeder plays this campaign's trustees (the demo button). */
  demoTrustees: boolean
}

/** The campaign's trustees: make its ballots secret until t of n trustees decrypt them. */
export default function CampaignTrustees({
  campaign,
  ceremony,
  configurable,
  canManage,
  invites,
  decryption,
  demoTrustees,
}: Props) {
  const t = useT()
  const base = `/staff/campaigns/${campaign.id}/trustees`
  return (
    <>
      <Head title={t('ui.trustees.staff.title')} />
      <h1>{campaign.title}</h1>
      <p>
        <Link href={`/staff/campaigns/${campaign.id}/review`}>{t('ui.trustees.staff.back')}</Link>
      </p>
      <h2>{t('ui.trustees.staff.title')}</h2>
      <p className="hint">{t('ui.trustees.staff.intro')}</p>

      {invites.length > 0 && <Invites invites={invites} />}

      {ceremony === null ? (
        configurable && canManage ? (
          <NameTrusteesForm action={base} />
        ) : (
          <p className="muted">{t('ui.trustees.staff.not_encrypted')}</p>
        )
      ) : (
        <CeremonyStatus ceremony={ceremony} base={base} canManage={canManage} />
      )}
      {ceremony?.restartable && canManage && configurable && (
        <RestartSection action={`${base}/restart`} ceremony={ceremony} />
      )}
      {demoTrustees && canManage && <DemoTrusteesPanel base={base} />}
      {decryption && (
        <DecryptionProgress decryption={decryption} base={base} canManage={canManage} />
      )}
    </>
  )
}

function Invites({ invites }: { invites: Props['invites'] }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="invites-heading">
      <h3 id="invites-heading">{t('ui.trustees.staff.invites_title')}</h3>
      <p role="alert">{t('ui.trustees.staff.invites_once')}</p>
      {invites.map((invite) => (
        <TextInput
          key={invite.index}
          label={`${invite.index}. ${invite.name}`}
          value={invite.url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
        />
      ))}
    </section>
  )
}

function CeremonyStatus({
  ceremony,
  base,
  canManage,
}: {
  ceremony: Ceremony
  base: string
  canManage: boolean
}) {
  const t = useT()
  const dates = useDates()
  const finished = ceremony.status === 'complete' || ceremony.status === 'failed'
  return (
    <section aria-labelledby="ceremony-heading">
      <h3 id="ceremony-heading">
        {t(`ui.trustees.status.${ceremony.status}`)} ·{' '}
        {t('ui.trustees.staff.t_of_n', {
          threshold: ceremony.threshold,
          trustees: ceremony.trustees,
        })}
      </h3>
      {ceremony.deadlineAt && (
        <p>{t('ui.trustees.staff.deadline_at', { at: dates.dateTime(ceremony.deadlineAt) })}</p>
      )}
      {canManage && !finished && (
        <DeadlineForm action={`${base}/deadline`} deadlineAt={ceremony.deadlineAt} />
      )}
      <TrusteeStepsTable
        steps={ceremony.steps}
        outcome={ceremony.outcome}
        extraColumn={
          canManage
            ? {
                heading: t('ui.trustees.staff.link'),
                cell: (step) => (
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => router.post(`${base}/reissue`, { index: step.index })}
                  >
                    {t('ui.trustees.staff.reissue')}
                  </button>
                ),
              }
            : undefined
        }
      />
      {ceremony.status === 'failed' && (
        <p role="alert">
          {t(`ui.trustees.failure.${ceremony.outcome?.reason ?? 'too_few_qualified'}`)}
        </p>
      )}
      {ceremony.fingerprint && (
        <p>
          {t('ui.trustees.staff.fingerprint')} <code>{ceremony.fingerprint}</code>
        </p>
      )}
      {!finished && <p className="hint">{t('ui.trustees.staff.complete_hint')}</p>}
      {canManage && !finished && (
        <button
          type="button"
          className="button"
          onClick={() => router.post(`${base}/complete`, {}, { preserveScroll: true })}
        >
          {t('ui.trustees.staff.complete')}
        </button>
      )}
    </section>
  )
}

/** After the close: every share batch with its verdict, the totals, and "Decrypt now". */
function DecryptionProgress({
  decryption,
  base,
  canManage,
}: {
  decryption: DecryptionSummaryData
  base: string
  canManage: boolean
}) {
  const t = useT()
  const [decrypting, setDecrypting] = useState(false)
  const decrypt = () =>
    router.post(
      `${base}/decrypt`,
      {},
      {
        preserveScroll: true,
        onStart: () => setDecrypting(true),
        onFinish: () => setDecrypting(false),
      }
    )
  return (
    <>
      <DecryptionSummary decryption={decryption} />
      <h3 id="batches-heading">{t('ui.trustees.staff.batches_title')}</h3>
      {decryption.batches.length === 0 ? (
        <p className="muted">{t('ui.trustees.staff.no_batches')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="batches-heading">
            <thead>
              <tr>
                <th scope="col">{t('ui.trustees.staff.trustee')}</th>
                <th scope="col">{t('ui.trustees.staff.batch_ballots')}</th>
                <th scope="col">{t('ui.trustees.staff.batch_verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {decryption.batches.map((batch) => (
                <tr key={`${batch.trustee}:${batch.first}`} data-valid={batch.valid}>
                  <th scope="row">
                    {batch.trustee}. {batch.name}
                  </th>
                  <td>
                    {batch.first}–{batch.first + batch.count - 1}
                  </td>
                  <td>{batchVerdict(t, batch)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && !decryption.decrypted && (
        <>
          <p className="hint">
            {t('ui.trustees.staff.decrypt_hint', { threshold: decryption.threshold })}
          </p>
          <LoadingButton type="button" loading={decrypting} onClick={decrypt}>
            {t('ui.trustees.staff.decrypt')}
          </LoadingButton>
        </>
      )}
    </>
  )
}

function batchVerdict(
  t: ReturnType<typeof useT>,
  batch: DecryptionSummaryData['batches'][number]
): string {
  if (batch.valid) return t('ui.trustees.staff.batch_valid')
  if (batch.badPositions.length === 0) return t('ui.trustees.staff.batch_invalid')
  return t('ui.trustees.staff.batch_invalid_positions', {
    positions: batch.badPositions.join(', '),
  })
}

function DeadlineForm({ action, deadlineAt }: { action: string; deadlineAt: string | null }) {
  const t = useT()
  const { timeZone } = useDates()
  const form = useForm({ deadlineAt: inputDateTime(deadlineAt, timeZone) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.transform((data) => ({ deadlineAt: data.deadlineAt || null }))
    form.put(action, { preserveScroll: true })
  }
  return (
    <form onSubmit={submit} className="card" noValidate>
      <TextInput
        type="datetime-local"
        label={t('ui.trustees.staff.deadline')}
        hint={t('ui.trustees.staff.deadline_hint')}
        value={form.data.deadlineAt}
        error={form.errors.deadlineAt}
        onChange={(event) => form.setData('deadlineAt', event.target.value)}
      />
      <LoadingButton loading={form.processing}>
        {t('ui.trustees.staff.save_deadline')}
      </LoadingButton>
    </form>
  )
}
