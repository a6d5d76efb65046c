import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'

/** Success/error flash messages set by the server after a write (redirect-with-flash). */
export default function FlashMessages() {
  const { flash } = usePage<SharedProps>().props
  return (
    <>
      {flash.success && (
        <p role="status" className="flash flash-success">
          {flash.success}
        </p>
      )}
      {flash.error && (
        <p role="alert" className="flash flash-error">
          {flash.error}
        </p>
      )}
    </>
  )
}
