import { useState } from 'react'
import { router } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'

/**
 * DEMO ONLY (development): for a campaign whose trustees the seeder plays, close voting now and let
 * the demo trustees decrypt, so a newcomer sees the whole encrypted flow in a minute.
 */
export default function DemoTrusteesPanel({ base }: { base: string }) {
  const t = useT()
  const [running, setRunning] = useState(false)
  const start = () =>
    router.post(
      `${base}/demo-decrypt`,
      {},
      {
        preserveScroll: true,
        onStart: () => setRunning(true),
        onFinish: () => setRunning(false),
      }
    )
  return (
    <section className="card" aria-labelledby="demo-trustees-heading">
      <h3 id="demo-trustees-heading">{t('ui.trustees.staff.demo_title')}</h3>
      <p className="hint">{t('ui.trustees.staff.demo_text')}</p>
      <LoadingButton type="button" loading={running} onClick={start}>
        {t('ui.trustees.staff.demo_button')}
      </LoadingButton>
    </section>
  )
}
