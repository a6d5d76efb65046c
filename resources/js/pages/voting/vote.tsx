import { Head, Link, usePage } from '@inertiajs/react'
import {
  lazy,
  Suspense,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type FormEvent,
} from 'react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { formatMoney } from '~/components/campaigns/format'
import BallotPot from '~/components/voting/ballot_pot'
import type { ProjectDetailsData } from '~/components/voting/project_details'
import type { MapSettings } from '~/components/ideas/map/types'
import VoteProgress from '~/components/voting/vote_progress'
import ReviewList from '~/components/voting/review_list'
import { choicesOf, type Selection, type VoteCampaign } from '~/components/voting/types'

// Shown only once a ballot is cast (never in the server-rendered page): its own chunk keeps the
// voting page under the bundle budget.
const ReceiptPanel = lazy(() => import('~/components/voting/receipt_panel'))
import { violationText } from '~/components/voting/violation_text'
import {
  checkChoices,
  summarizeChoices,
  type RuleViolationCode,
} from '@civic-budget/protocol/rules'
import type {
  BallotEncryption,
  Choice,
  Progress,
  VoteDeps,
  VoteRecord,
} from '~/lib/voting/vote_flow'

/** The casting machinery, loaded on first use (bundle budget). */
const casting = () => import('~/lib/voting/casting')

type Access =
  | 'eligible'
  | 'age_needed'
  | 'not_signed_in'
  | 'voting_closed'
  | 'no_district'
  | 'outside_community'
  | 'not_in_register'
  | 'district_mismatch'
  | 'district_unverified'
  | 'under_age'
  | 'credential_taken'

interface Props {
  /** `encryption`: set for a campaign whose ballots are encrypted to its trustees (else null). */
  campaign: VoteCampaign & { encryption: BallotEncryption | null }
  access: Access
  ballotDelay: { minMs: number; maxMs: number }
  projectDetails: Record<number, ProjectDetailsData>
  map: MapSettings | null
}

/** Shown as soon as they happen; the others ("choose more") once the resident tries to go on. */
const EXCEEDING = new Set<RuleViolationCode>([
  'too_many',
  'over_budget',
  'points_exceeded',
  'per_project_exceeded',
  'rank_duplicate',
])

type Phase = 'choose' | 'review' | 'voting' | 'done'
type Failure = { code: string; details: Record<string, unknown> | null; retryable: boolean }

/** Everything the ballot state machine needs in a browser; the crypto is loaded on first use. */
async function browserDeps(
  delay: Props['ballotDelay'],
  onProgress: (p: Progress) => void
): Promise<VoteDeps> {
  const [{ makeVoteCrypto }, { browserApi, indexedDbStore }] = await Promise.all([
    import('~/lib/voting/vote_crypto'),
    casting(),
  ])
  return {
    crypto: makeVoteCrypto(),
    api: browserApi(),
    store: indexedDbStore(),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32,
    delay,
    onProgress,
  }
}

/** Residents: the ballot of a campaign, its review, the anonymous casting and the receipt. */
export default function VotePage({ campaign, access, ballotDelay, projectDetails, map }: Props) {
  const t = useT()
  const { locale, resident } = usePage<SharedProps>().props
  const money = (amount: number) => formatMoney(amount, campaign.currency, locale)
  const [phase, setPhase] = useState<Phase>('choose')
  const [selection, setSelection] = useState<Selection>({})
  const [age, setAge] = useState('')
  const [attempted, setAttempted] = useState(false)
  /** the last review attempt was refused (the summary shows until the ballot changes) */
  const [refused, setRefused] = useState(false)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [record, setRecord] = useState<VoteRecord | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const summaryRef = useRef<HTMLDivElement>(null)

  const choices = useMemo(() => choicesOf(selection), [selection])
  const violations = useMemo(() => checkChoices(choices, campaign), [choices, campaign])
  const summaries = useMemo(() => summarizeChoices(choices, campaign), [choices, campaign])
  const needsAge = access === 'age_needed' || failure?.code === 'age_unconfirmed'
  const ageValue = age.trim() === '' ? null : Number(age)
  const ageMissing = needsAge && (ageValue === null || !Number.isInteger(ageValue) || ageValue < 0)
  const canVote = resident && (access === 'eligible' || access === 'age_needed')

  // A vote started on this device (reload, dropped connection) resumes; a stored receipt is shown
  // (once: it is then forgotten, below).
  // Once, on mount: the stored record is looked up for the page's resident and campaign.
  const resumeStoredVote = useEffectEvent((isCancelled: () => boolean) => {
    if (!resident) return
    casting()
      .then(({ indexedDbStore, recordId }) =>
        indexedDbStore().get(recordId(campaign.id, resident.id))
      )
      .then((stored) => {
        if (isCancelled() || !stored) return
        setRecord(stored)
        if (stored.stage === 'done') setPhase('done')
        else void run(stored)
      })
      .catch(() => {})
  })
  useEffect(() => {
    let cancelled = false
    resumeStoredVote(() => cancelled)
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => {
    if (phase !== 'choose') headingRef.current?.focus()
  }, [phase])

  // Shared devices: once the receipt is on screen (with its "save" button), the device forgets
  // the vote — choices, ballot and receipt. Leaving the page without saving loses the receipt.
  const shownReceiptId = phase === 'done' && record?.receipt ? record.id : null
  useEffect(() => {
    if (shownReceiptId) {
      casting()
        .then(({ forgetVote }) => forgetVote(shownReceiptId))
        .catch(() => {})
    }
  }, [shownReceiptId])

  async function run(resume: VoteRecord | null, input?: { choices: Choice[]; age: number | null }) {
    setPhase('voting')
    setFailure(null)
    let flow: Awaited<ReturnType<typeof casting>> | null = null
    try {
      flow = await casting()
      const deps = await browserDeps(ballotDelay, setProgress)
      const start =
        resume ??
        (await flow.startVote(deps, {
          campaignId: campaign.id,
          residentId: resident!.id,
          ...input!,
        }))
      setRecord(start)
      const done = await flow.advance(deps, start, campaign.registrarPublicKey, campaign.encryption)
      setRecord(done)
      setPhase('done')
    } catch (error) {
      // A chunk that failed to load (offline) is `unexpected`: retryable, the record is kept.
      setFailure(
        flow && error instanceof flow.VoteError
          ? { code: error.code, details: error.details, retryable: error.retryable }
          : { code: 'unexpected', details: null, retryable: true }
      )
    }
  }

  function review(event: FormEvent) {
    event.preventDefault()
    setAttempted(true)
    if (violations.length > 0 || ageMissing) {
      setRefused(true)
      summaryRef.current?.focus()
      return
    }
    setPhase('review')
  }

  function retryWithAge(event: FormEvent) {
    event.preventDefault()
    if (!record || ageMissing) return
    void run(null, { choices: record.choices, age: ageValue })
  }

  const title = t('ui.voting.title', { campaign: campaign.title })
  // Said before choosing and again on the review step: what encryption means for this ballot.
  const encryptedNote = campaign.encryption && (
    <p className="card voting-encrypted" role="note">
      {t('ui.voting.encrypted.note', {
        threshold: campaign.encryption.threshold,
        trustees: campaign.encryption.trustees,
      })}
    </p>
  )
  const heading = (text: string) => (
    <h1 ref={headingRef} tabIndex={-1}>
      {text}
    </h1>
  )

  if (phase === 'done' && record?.receipt) {
    const voted = Object.fromEntries(record.choices.map((c) => [c.projectId, c.weight]))
    return (
      <>
        <Head title={title} />
        {heading(t('ui.voting.done_title'))}
        <Suspense fallback={<p role="status">{t('ui.voting.loading_receipt')}</p>}>
          <ReceiptPanel
            receipt={record.receipt}
            choices={<ReviewList campaign={campaign} selection={voted} money={money} />}
          />
        </Suspense>
      </>
    )
  }

  // Another device, a terminal or a paper sheet already took this resident's one credential
  // (a vote this device started resumes above instead): say so first, show no ballot.
  if (access === 'credential_taken' && phase === 'choose') {
    return (
      <>
        <Head title={title} />
        <h1>{title}</h1>
        <section className="card" aria-labelledby="taken-heading">
          <h2 id="taken-heading">{t('ui.voting.taken.title')}</h2>
          <p>{t('ui.voting.taken.text')}</p>
          <p>{t('ui.voting.taken.receipt')}</p>
          <div className="actions">
            <Link href="/check" className="button">
              {t('ui.voting.taken.check')}
            </Link>
            <Link href={`/campaigns/${campaign.slug}`} className="button secondary">
              {t('ui.voting.back_to_campaign')}
            </Link>
          </div>
        </section>
      </>
    )
  }

  if (phase === 'voting') {
    return (
      <>
        <Head title={title} />
        {heading(t('ui.voting.voting_title'))}
        <p>{t('ui.voting.privacy_delay')}</p>
        <VoteProgress progress={progress} />
        {failure && (
          <div role="alert" className="flash flash-error">
            <p>{errorText(failure)}</p>
            {failure.code === 'age_unconfirmed' && (
              <form onSubmit={retryWithAge}>
                <AgeField value={age} onChange={setAge} minAge={campaign.minAge} />
                <button type="submit" className="button">
                  {t('ui.voting.continue')}
                </button>
              </form>
            )}
            {failure.retryable && record && (
              <button type="button" className="button" onClick={() => void run(record)}>
                {t('ui.voting.try_again')}
              </button>
            )}
          </div>
        )}
      </>
    )
  }

  function errorText(f: Failure): string {
    const key = `ui.voting.errors.${f.code}`
    const reason = f.details?.reason ? t(`ui.voting.access.${String(f.details.reason)}`) : ''
    const text = t(key, { reason })
    return text === key ? t('ui.voting.errors.generic', { code: f.code }) : text
  }

  return (
    <>
      <Head title={title} />
      {phase === 'review' ? heading(t('ui.voting.review_title')) : <h1>{title}</h1>}
      {!canVote && (
        <section className="card" aria-labelledby="access-heading">
          <h2 id="access-heading">{t('ui.voting.cannot_vote')}</h2>
          <p>{t(`ui.voting.access.${access}`)}</p>
          {access === 'not_signed_in' && (
            <Link href={`/sign-in?next=/campaigns/${campaign.slug}/vote`} className="button">
              {t('ui.voting.sign_in')}
            </Link>
          )}
          {(access === 'no_district' || access === 'district_unverified') && (
            <Link href={`/profile?next=/campaigns/${campaign.slug}/vote`} className="button">
              {t('ui.voting.open_profile')}
            </Link>
          )}
          <p>
            <Link href={`/campaigns/${campaign.slug}`}>{t('ui.voting.back_to_campaign')}</Link>
          </p>
        </section>
      )}
      {canVote && phase === 'review' && (
        <>
          <ReviewList campaign={campaign} selection={selection} money={money} />
          {encryptedNote}
          <p>{t('ui.voting.privacy_note')}</p>
          <p className="muted">
            {t('ui.voting.delay_note', {
              min: Math.round(ballotDelay.minMs / 1000),
              max: Math.round(ballotDelay.maxMs / 1000),
            })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void run(null, { choices, age: needsAge ? ageValue : null })}
            >
              {t('ui.voting.cast')}
            </button>
            <button type="button" className="button secondary" onClick={() => setPhase('choose')}>
              {t('ui.voting.change')}
            </button>
          </div>
        </>
      )}
      {canVote && phase === 'choose' && (
        <form onSubmit={review} noValidate>
          <p>{t('ui.voting.intro')}</p>
          {encryptedNote}
          {campaign.pots.map((pot, index) => (
            <BallotPot
              key={pot.id}
              pot={pot}
              projects={campaign.projects.filter((project) => project.potId === pot.id)}
              selection={selection}
              summary={summaries[index]}
              violations={violations.filter(
                (v) => v.potId === pot.id && (attempted || EXCEEDING.has(v.code))
              )}
              money={money}
              details={projectDetails}
              map={map}
              onChange={(projectId, weight) => {
                setRefused(false)
                setSelection((current) => ({ ...current, [projectId]: weight }))
              }}
            />
          ))}
          {needsAge && <AgeField value={age} onChange={setAge} minAge={campaign.minAge} />}
          <div ref={summaryRef} tabIndex={-1} aria-live="polite">
            {refused && violations.length > 0 && (
              <p className="flash flash-error">
                {t('ui.voting.fix_before_review', { count: violations.length })}{' '}
                {violations
                  .slice(0, 3)
                  .map((v) =>
                    violationText(t, v, money, (id) => {
                      return campaign.projects.find((p) => p.id === id)?.title ?? `#${id}`
                    })
                  )
                  .join(' ')}
              </p>
            )}
            {refused && ageMissing && (
              <p className="flash flash-error">{t('ui.voting.age_missing')}</p>
            )}
          </div>
          <div className="actions no-print">
            <button type="submit" className="button">
              {t('ui.voting.to_review')}
            </button>
            <button type="button" className="button secondary" onClick={() => window.print()}>
              {t('ui.voting.print.ballot')}
            </button>
          </div>
        </form>
      )}
    </>
  )
}

function AgeField(props: { value: string; onChange: (v: string) => void; minAge: number | null }) {
  const t = useT()
  return (
    <div className="field narrow">
      <label htmlFor="voter-age">{t('ui.voting.age_label')}</label>
      <p id="voter-age-hint" className="hint">
        {t('ui.voting.age_hint', { age: props.minAge ?? 0 })}
      </p>
      <input
        id="voter-age"
        type="number"
        inputMode="numeric"
        min={0}
        max={150}
        aria-describedby="voter-age-hint"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  )
}
