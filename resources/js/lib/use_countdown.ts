import { useEffect, useState } from 'react'

/** Seconds left from `initialSeconds`, ticking once a second in the browser (static during SSR). */
export function useCountdown(initialSeconds: number): number {
  const [left, setLeft] = useState(initialSeconds)
  useEffect(() => {
    setLeft(initialSeconds)
    if (initialSeconds <= 0) return
    const startedAt = Date.now()
    const timer = setInterval(() => {
      const remaining = Math.max(0, initialSeconds - Math.floor((Date.now() - startedAt) / 1000))
      setLeft(remaining)
      if (remaining === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [initialSeconds])
  return left
}
