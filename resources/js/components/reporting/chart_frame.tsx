import type { ReactElement } from 'react'
import { ResponsiveContainer } from 'recharts'

/**
 * A chart that fills its column on any screen (360 px phones included). The initial size lets
 * server-side rendering draw the SVG before the browser measures the column.
 */
export default function ChartFrame({
  label,
  height = 260,
  children,
}: {
  label: string
  height?: number
  children: ReactElement
}) {
  return (
    <figure className="report-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        {children}
      </ResponsiveContainer>
    </figure>
  )
}
