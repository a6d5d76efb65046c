import type { ButtonHTMLAttributes } from 'react'

/** Submit button tied to a form's `processing` state (Ping CRM's LoadingButton). */
export default function LoadingButton({
  loading,
  children,
  ...button
}: ButtonHTMLAttributes<HTMLButtonElement> & { loading: boolean }) {
  return (
    <button type="submit" className="button" disabled={loading} aria-busy={loading} {...button}>
      {children}
    </button>
  )
}
