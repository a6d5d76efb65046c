import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

/** Localized error page (403, 404, 429, 5xx). */
export default function ErrorPage({ status, message }: { status: number; message: string }) {
  const t = useT()
  return (
    <>
      <Head title={String(status)} />
      <h1>
        {status} · {message}
      </h1>
      <p>
        <Link href="/">{t('ui.errors.back_home')}</Link>
      </p>
    </>
  )
}
