import { useEffect, useState } from 'react'

/** Seconds left from `initialSeconds`, ticking once a second in the browser (static during SSR). */
export function useCountdown(initialSeconds: number): number {
  // The tick remembers which start it counts from: a new `initialSeconds` restarts at once.
  const [tick, setTick] = useState({ from: initialSeconds, left: initialSeconds })
  useEffect(() => {
    if (initialSeconds <= 0) return
    const startedAt = Date.now()
    const timer = setInterval(() => {
      const left = Math.max(0, initialSeconds - Math.floor((Date.now() - startedAt) / 1000))
      setTick({ from: initialSeconds, left })
      if (left === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [initialSeconds])
  return tick.from === initialSeconds ? tick.left : initialSeconds
}
