/*
| A category-axis tick that stays readable in a narrow column: the label wraps onto at most two
| lines of `lineChars` characters, the rest is cut with "…", and the whole label is the tick's
| tooltip (<title>) — so no label is cut by the chart's edge, even on a 360 px phone. Lines of
| wide letters (Cyrillic, capitals) that still overflow the space left of the axis are drawn in
| a smaller font, measured in the browser.
*/
import { useLayoutEffect, useRef, useState } from 'react'

export const TICK_LINES_MAX = 2
const FONT_SIZE = 12

/** The label in lines of at most `lineChars` characters (words kept whole when they fit). */
export function wrapLabel(text: string, lineChars: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word
    if (next.length <= lineChars) {
      line = next
      continue
    }
    if (line) lines.push(line)
    line = word.length > lineChars ? word.slice(0, lineChars) : word
  }
  if (line) lines.push(line)
  if (lines.length <= TICK_LINES_MAX) return lines
  const kept = lines.slice(0, TICK_LINES_MAX)
  kept[TICK_LINES_MAX - 1] = `${kept[TICK_LINES_MAX - 1].slice(0, lineChars - 1)}…`
  return kept
}

interface TickProps {
  x?: number
  y?: number
  payload?: { value: string }
}

/** A Y-axis tick (`<YAxis tick={<WrappedTick lineChars={…} />} />`), right-aligned to the axis. */
export default function WrappedTick({
  x = 0,
  y = 0,
  payload,
  lineChars,
}: TickProps & { lineChars: number }) {
  const text = String(payload?.value ?? '')
  const lines = wrapLabel(text, lineChars)
  const lineHeight = 13
  const top = y - ((lines.length - 1) * lineHeight) / 2
  const ref = useRef<SVGTextElement>(null)
  const [fontSize, setFontSize] = useState(FONT_SIZE)
  useLayoutEffect(() => {
    // The label ends 4 px left of the axis at `x`; the chart's SVG starts at 0.
    const room = x - 6
    const width = ref.current?.getBBox().width ?? 0
    if (width === 0 || room <= 0) return
    // Measured at the size in use: the size at which the label just fits, at most the default.
    setFontSize((current) => Math.min(FONT_SIZE, (current * room) / width))
  }, [text, x])
  return (
    <g className="wrapped-tick">
      <title>{text}</title>
      <text
        ref={ref}
        x={x - 4}
        y={top}
        textAnchor="end"
        dominantBaseline="middle"
        fontSize={fontSize}
      >
        {lines.map((line, i) => (
          <tspan key={i} x={x - 4} dy={i === 0 ? 0 : lineHeight}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  )
}
