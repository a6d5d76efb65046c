import { useEffect, useState } from 'react'
import { useT } from '~/lib/i18n'

type ReplicaState =
  | { state: 'asking' }
  | { state: 'confirmed'; height: number }
  | { state: 'other_block'; height: number }
  | { state: 'pending' | 'unknown' | 'rejected' | 'unreachable' }

/**
 * Asks every public replica directly (not through the app) whether it has committed the
 * transaction, and in the receipt's block.
 */
export default function ReplicaAnswers(props: {
  urls: string[]
  txHash: string
  blockHash: string
}) {
  const t = useT()
  const [answers, setAnswers] = useState<ReplicaState[]>(() =>
    props.urls.map(() => ({ state: 'asking' }))
  )
  useEffect(() => {
    let cancelled = false
    props.urls.forEach((url, index) => {
      void ask(url, props.txHash, props.blockHash).then((answer) => {
        if (!cancelled) setAnswers((current) => current.map((a, i) => (i === index ? answer : a)))
      })
    })
    return () => {
      cancelled = true
    }
  }, [props.urls, props.txHash, props.blockHash])

  const confirmed = answers.filter((a) => a.state === 'confirmed').length
  return (
    <section className="card" aria-labelledby="replicas-heading">
      <h2 id="replicas-heading">{t('ui.voting.check.replicas_title')}</h2>
      <p>{t('ui.voting.check.replicas_intro')}</p>
      <ul aria-live="polite" className="check-list">
        {props.urls.map((url, index) => {
          const answer = answers[index]
          const height = 'height' in answer ? answer.height : ''
          return (
            <li key={url} className={`check-${answer.state}`}>
              <code>{url}</code>: {t(`ui.voting.check.replica_${answer.state}`, { height })}
            </li>
          )
        })}
      </ul>
      <p role="status">
        {t('ui.voting.check.replicas_summary', { confirmed, total: props.urls.length })}
      </p>
    </section>
  )
}

async function ask(url: string, txHash: string, blockHash: string): Promise<ReplicaState> {
  try {
    const response = await fetch(`${url}/txs/${txHash}`, {
      credentials: 'omit',
      signal: AbortSignal.timeout(8000),
    })
    const body = (await response.json()) as {
      status?: string
      height?: number
      receipt?: { blockHash?: string }
    }
    if (body.status === 'committed') {
      const height = Number(body.height)
      return body.receipt?.blockHash === blockHash
        ? { state: 'confirmed', height }
        : { state: 'other_block', height }
    }
    if (body.status === 'pending' || body.status === 'rejected') return { state: body.status }
    return { state: 'unknown' }
  } catch {
    return { state: 'unreachable' }
  }
}
