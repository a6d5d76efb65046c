/** A page-level error message from the server (rate limit, SMS gateway down), announced at once. */
export default function Notice({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p role="alert" className="flash flash-error">
      {message}
    </p>
  )
}
