import { Head } from '@inertiajs/react'
import { useCallback, useEffect, useState, useSyncExternalStore, type ChangeEvent } from 'react'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import type { TrusteeKeyFile } from '@civic-budget/protocol/trustee'
import { useT } from '~/lib/i18n'
import PassphraseForm from '~/components/trustees/passphrase_form'
import DecryptStep from '~/components/trustees/decrypt_step'
import TrusteeStepsTable, {
  type StepsOutcome,
  type TrusteeStep,
} from '~/components/trustees/trustee_steps_table'

/*
| The trustee page: a trustee's key ceremony in this browser. The invite token arrives in the
| address's fragment (never sent to the server), is kept in sessionStorage and removed from the
| address bar; the key is made here and kept here (localStorage, sealed with the passphrase) and as
| a downloaded file. The server sees the public records only.
*/
const TOKEN_KEY = 'civic-budget:trustee-token'

/** The ceremony's crypto loads on demand (not in the page's first JavaScript). */
const trusteeCode = () => import('@civic-budget/protocol/trustee')

/**
 * The invite token, moved from the address's fragment (as the page was loaded: Inertia rewrites the
 * address bar) into sessionStorage once, on the module's first load in the browser.
 */
if (typeof window !== 'undefined') {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{43})/.exec(window.location.hash)
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    window.history.replaceState(null, '', '/trustee')
  }
}

const noSubscription = () => () => {}
const storedToken = () => sessionStorage.getItem(TOKEN_KEY)
/** undefined on the server (the token exists only in the browser). */
const serverToken = () => undefined

interface View {
  campaign: { id: number; title: string }
  campaignId: number
  index: number
  threshold: number
  trustees: number
  status: string
  todo: string
  /** The ceremony is complete and voting has closed (the server's clock and rule). */
  decryptionOpen: boolean
  fingerprint: string | null
  paddedLength: number | null
  outcome: StepsOutcome | null
  steps: TrusteeStep[]
  keys: (string | null)[]
  dealings: string[]
  complaints: string[]
}

const storageKey = (view: View) => `civic-budget:trustee-key:${view.campaign.id}:${view.index}`

async function api(token: string, path: string, body?: unknown) {
  const response = await fetch(`/api/v1/trustee/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(answer.message ?? String(response.status))
  return answer
}

/** The ceremony as the API shows it, and this trustee's key file if this device holds it. */
async function loadCeremony(token: string) {
  const view: View = await api(token, 'ceremony')
  const stored = localStorage.getItem(storageKey(view))
  const { parseKeyFile } = await trusteeCode()
  return { view, keyFile: stored ? parseKeyFile(stored) : null }
}

export default function TrusteePage() {
  const t = useT()
  const token = useSyncExternalStore<string | null | undefined>(
    noSubscription,
    storedToken,
    serverToken
  )
  const [view, setView] = useState<View | null>(null)
  const [keyFile, setKeyFile] = useState<TrusteeKeyFile | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const refresh = useCallback(
    (current: string) =>
      loadCeremony(current).then(
        (loaded) => {
          setView(loaded.view)
          setKeyFile(loaded.keyFile)
        },
        (problem: Error) => setError(problem.message)
      ),
    []
  )

  useEffect(() => {
    if (token) void refresh(token)
  }, [token, refresh])

  // While waiting for the others, look again every 15 seconds.
  useEffect(() => {
    if (!token || !view?.todo.startsWith('wait')) return
    const timer = setInterval(() => void refresh(token), 15_000)
    return () => clearInterval(timer)
  }, [token, view?.todo, refresh])

  const act = async (work: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    try {
      setNotice(await work())
      await refresh(token as string)
    } catch (problem) {
      const named = problem as { name?: string; code?: string }
      const code = named.name === 'TrusteeKeyFileError' ? named.code : null
      setError(code ? t(`ui.trustees.page.errors.${code}`) : (problem as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const saveKeyFile = (file: TrusteeKeyFile) => {
    localStorage.setItem(storageKey(view!), JSON.stringify(file))
    setKeyFile(file)
  }

  if (!token) {
    return (
      <>
        <Head title={t('ui.trustees.page.title')} />
        <h1>{t('ui.trustees.page.title')}</h1>
        {token === null && <p role="alert">{t('ui.trustees.page.no_token')}</p>}
      </>
    )
  }
  return (
    <>
      <Head title={t('ui.trustees.page.title')} />
      <h1>{t('ui.trustees.page.title')}</h1>
      {view && (
        <p>
          {t('ui.trustees.page.you_are', {
            index: view.index,
            trustees: view.trustees,
            threshold: view.threshold,
            campaign: view.campaign.title,
          })}
        </p>
      )}
      <div aria-live="polite">
        {error && (
          <p className="flash flash-error" role="alert">
            {error}
          </p>
        )}
        {notice && <p className="flash flash-success">{notice}</p>}
      </div>
      {view && (
        <>
          <section className="card" aria-labelledby="step-heading">
            <h2 id="step-heading">{t(`ui.trustees.todo.${view.todo}`)}</h2>
            {view.todo === 'key' && (
              <KeyStep
                view={view}
                keyFile={keyFile}
                busy={busy}
                onKey={(make) =>
                  act(async () => {
                    const { file, record } = await make()
                    // Kept on this device before anything is sent: a lost key cannot decrypt.
                    if (file) saveKeyFile(file)
                    await api(token, 'key', { record: bytesToHex(record) })
                    return t('ui.trustees.page.key_sent')
                  })
                }
              />
            )}
            {view.todo === 'deal' && (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    const { ceremonyState, makeDealing } = await trusteeCode()
                    const { params } = ceremonyState(view)
                    const dealing = makeDealing(params!, view.index)
                    await api(token, 'dealing', { record: bytesToHex(dealing) })
                    return t('ui.trustees.page.dealing_sent')
                  })
                }
              >
                {t('ui.trustees.page.deal')}
              </button>
            )}
            {view.todo === 'review' && (
              <PassphraseForm
                label={t('ui.trustees.page.review')}
                busy={busy || !keyFile}
                onSubmit={(passphrase) =>
                  act(async () => {
                    const { ceremonyState, complaintHex, reviewDealings, unlockKeyFile } =
                      await trusteeCode()
                    const secret = await unlockKeyFile(keyFile!, passphrase)
                    const { params, dealings } = ceremonyState(view)
                    const complaints = reviewDealings(params!, dealings, view.index, secret)
                    await api(token, 'review', { complaints: complaints.map(complaintHex) })
                    return complaints.length === 0
                      ? t('ui.trustees.page.review_clean', { count: dealings.length })
                      : t('ui.trustees.page.review_complaints', {
                          dealers: complaints.map((c) => c.dealer).join(', '),
                        })
                  })
                }
              />
            )}
            {view.todo.startsWith('wait') && (
              <button type="button" className="button secondary" onClick={() => refresh(token)}>
                {t('ui.trustees.page.refresh')}
              </button>
            )}
            {view.fingerprint && (
              <p>
                {t('ui.trustees.page.fingerprint')} <code>{view.fingerprint}</code>
              </p>
            )}
          </section>
          {view.todo === 'done' && (
            <DecryptStep
              view={view}
              keyFile={keyFile}
              open={view.decryptionOpen}
              api={(path, body) => api(token, path, body)}
              onRefresh={() => refresh(token)}
            />
          )}
          <KeyFileSection view={view} keyFile={keyFile} onImport={saveKeyFile} />
          <Progress view={view} />
        </>
      )}
    </>
  )
}

type MadeKey = { file: TrusteeKeyFile | null; record: Uint8Array }

/** Make a key here (passphrase twice), or send the key already on this device. */
function KeyStep({
  view,
  keyFile,
  busy,
  onKey,
}: {
  view: View
  keyFile: TrusteeKeyFile | null
  busy: boolean
  onKey: (make: () => Promise<MadeKey>) => void
}) {
  const t = useT()
  if (keyFile) {
    return (
      <PassphraseForm
        label={t('ui.trustees.page.send_key')}
        busy={busy}
        onSubmit={(passphrase) =>
          onKey(async () => {
            const { trusteeKeyRecord, unlockKeyFile } = await trusteeCode()
            const secret = await unlockKeyFile(keyFile, passphrase)
            return { file: null, record: trusteeKeyRecord(view.campaign.id, view.index, secret) }
          })
        }
      />
    )
  }
  return (
    <PassphraseForm
      confirm
      label={t('ui.trustees.page.make_key')}
      busy={busy}
      onSubmit={(passphrase) =>
        onKey(async () => {
          const { makeTrusteeKey } = await trusteeCode()
          return makeTrusteeKey(view.campaign.id, view.index, passphrase)
        })
      }
    />
  )
}

function KeyFileSection({
  view,
  keyFile,
  onImport,
}: {
  view: View
  keyFile: TrusteeKeyFile | null
  onImport: (file: TrusteeKeyFile) => void
}) {
  const t = useT()
  const [problem, setProblem] = useState<string | null>(null)
  // The file is made when asked for (a short-lived object URL), never uploaded anywhere.
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(keyFile, null, 2)], { type: 'application/json' })
    )
    const link = document.createElement('a')
    link.href = url
    link.download = `trustee-${view.campaign.id}-${view.index}.json`
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0]
    if (!chosen) return
    try {
      const { parseKeyFile } = await trusteeCode()
      const file = parseKeyFile(await chosen.text())
      if (file.campaignId !== view.campaign.id || file.index !== view.index) {
        return setProblem(t('ui.trustees.page.errors.other_trustee'))
      }
      setProblem(null)
      onImport(file)
    } catch {
      setProblem(t('ui.trustees.page.errors.malformed'))
    }
  }
  return (
    <section className="card" aria-labelledby="keyfile-heading">
      <h2 id="keyfile-heading">{t('ui.trustees.page.key_file')}</h2>
      {keyFile ? (
        <>
          <p role="note">{t('ui.trustees.page.keep_file')}</p>
          <button type="button" className="button secondary" onClick={download}>
            {t('ui.trustees.page.download')}
          </button>
        </>
      ) : (
        <p>{t('ui.trustees.page.no_key_here')}</p>
      )}
      <div className="field">
        <label htmlFor="key-import">{t('ui.trustees.page.import')}</label>
        <input id="key-import" type="file" accept="application/json,.json" onChange={importFile} />
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </section>
  )
}

function Progress({ view }: { view: View }) {
  const t = useT()
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">
        {t('ui.trustees.page.progress')}: {t(`ui.trustees.status.${view.status}`)}
      </h2>
      <TrusteeStepsTable steps={view.steps} outcome={view.outcome} />
    </section>
  )
}
