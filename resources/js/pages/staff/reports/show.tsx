import '~/css/staff.css'
import type { ReactNode } from 'react'
import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { formatMoney } from '~/components/campaigns/format'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import ChartFrame from '~/components/reporting/chart_frame'
import WrappedTick from '~/components/reporting/wrapped_tick'
import TableWrap from '~/components/table_wrap'

type ReportName = 'turnout' | 'timeline' | 'channels' | 'projects' | 'funnel' | 'implementation'
interface Reports {
  hidden: boolean
  turnout:
    | {
        districtId: number
        district: string
        population: number
        voters: number
        perThousand: number
      }[]
    | null
  timeline:
    | {
        hour: string
        online: number
        terminal: number
        paper: number
        import: number
        total: number
      }[]
    | null
  channels: { channel: string; ballots: number }[] | null
  projects:
    | {
        projectId: number
        title: string
        pot: string
        cost: number
        votes: number
        points: number
        funded: boolean
      }[]
    | null
  funnel: { step: string; count: number }[]
  implementation: {
    projectId: number
    title: string
    status: string
    progressPercent: number
    milestones: number
  }[]
}
interface Props {
  campaign: { id: number; title: string; stage: string; currency: string }
  reports: Reports
}

const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#8250df']
const CHART_PROJECTS_MAX = 30
// Category labels: 112 px wide, two lines of 16 characters, 40 px per bar (fits a 360 px phone).
const AXIS_WIDTH = 112
const AXIS_LINE_CHARS = 16
const ROW_HEIGHT = 40

function Section({
  name,
  campaignId,
  children,
}: {
  name: ReportName
  campaignId: number
  children: ReactNode
}) {
  const t = useT()
  const base = `/staff/campaigns/${campaignId}/reports/${name}`
  return (
    <section className="card report" aria-labelledby={`report-${name}`} data-report={name}>
      <h2 id={`report-${name}`}>{t(`ui.reporting.staff.reports.${name}`)}</h2>
      {children}
      <p className="report-exports">
        <a href={`${base}.csv`} download>
          {t('ui.reporting.staff.csv')}
        </a>{' '}
        ·{' '}
        <a href={`${base}.xlsx`} download>
          {t('ui.reporting.staff.xlsx')}
        </a>
      </p>
    </section>
  )
}

function Table({
  head,
  rows,
  report,
}: {
  head: string[]
  rows: (string | number)[][]
  /** the report whose heading names the table */
  report: ReportName
}) {
  const t = useT()
  if (rows.length === 0) return <p className="muted">{t('ui.reporting.staff.empty')}</p>
  return (
    <TableWrap labelledBy={`report-${report}`}>
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((value, j) => (
                <td key={j}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/** Staff: a campaign's reports with charts, each with its CSV and XLSX export. */
/** Horizontal bars, one per project title (the first CHART_PROJECTS_MAX rows), values on the bars. */
function ProjectBars<Row extends { title: string }>({
  label,
  rows,
  dataKey,
  name,
  color,
  percent = false,
}: {
  label: string
  rows: Row[]
  dataKey: string
  name: string
  color: string
  /** A 0–100 axis instead of whole counts. */
  percent?: boolean
}) {
  const shown = rows.slice(0, CHART_PROJECTS_MAX)
  return (
    <ChartFrame label={label} height={Math.max(160, ROW_HEIGHT * shown.length + 40)}>
      <BarChart data={shown} layout="vertical" margin={{ left: 4, right: 36 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {percent ? (
          <XAxis type="number" domain={[0, 100]} />
        ) : (
          <XAxis type="number" allowDecimals={false} />
        )}
        <CategoryAxis dataKey="title" />
        <Tooltip />
        <Bar dataKey={dataKey} name={name} fill={color} isAnimationActive={false}>
          <LabelList dataKey={dataKey} position="right" className="bar-value" />
        </Bar>
      </BarChart>
    </ChartFrame>
  )
}

/**
 * The category axis of a horizontal bar chart: every label shown (interval 0), wrapped onto two
 * lines with the full text as its tooltip (WrappedTick).
 */
function CategoryAxis({ dataKey }: { dataKey: string }) {
  return (
    <YAxis
      type="category"
      dataKey={dataKey}
      width={AXIS_WIDTH}
      interval={0}
      tick={<WrappedTick lineChars={AXIS_LINE_CHARS} />}
    />
  )
}

export default function ReportsShow({ campaign, reports }: Props) {
  const t = useT()
  const dates = useDates()
  const c = (key: string) => t(`ui.reporting.staff.columns.${key}`)
  const { locale } = usePage<SharedProps>().props
  // amounts are minor units of the campaign's currency (0 decimals for JPY, 3 for KWD)
  const money = (n: number) => formatMoney(n, campaign.currency, locale)
  const pieSlices = (reports.channels ?? [])
    .map((r, i) => ({
      channel: r.channel,
      name: t(`ui.reporting.staff.channels.${r.channel}`),
      value: r.ballots,
      color: COLORS[i % COLORS.length],
    }))
    .filter((slice) => slice.value > 0)
  return (
    <>
      <Head title={`${t('ui.reporting.staff.title')} · ${campaign.title}`} />
      <h1>
        {t('ui.reporting.staff.title')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/reports">← {t('ui.reporting.staff.title')}</Link> ·{' '}
        <Link href={`/staff/campaigns/${campaign.id}/outcome`}>
          {t('ui.reporting.staff.outcome')}
        </Link>{' '}
        ·{' '}
        <a href={`/staff/campaigns/${campaign.id}/export.pb`}>{t('ui.reporting.staff.pabulib')}</a>
      </p>
      {reports.hidden && <p className="notice">{t('ui.reporting.staff.hidden')}</p>}

      {reports.turnout && (
        <Section name="turnout" campaignId={campaign.id}>
          <p className="hint">{t('ui.reporting.staff.turnout_basis')}</p>
          <ChartFrame
            label={t('ui.reporting.staff.reports.turnout')}
            height={Math.max(160, ROW_HEIGHT * reports.turnout.length + 40)}
          >
            <BarChart data={reports.turnout} layout="vertical" margin={{ left: 4, right: 36 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" />
              <CategoryAxis dataKey="district" />
              <Tooltip />
              <Bar
                dataKey="perThousand"
                name={c('per_thousand')}
                fill={COLORS[0]}
                isAnimationActive={false}
              >
                <LabelList dataKey="perThousand" position="right" className="bar-value" />
              </Bar>
            </BarChart>
          </ChartFrame>
          <Table
            report="turnout"
            head={[c('district'), c('population'), c('voters'), c('per_thousand')]}
            rows={reports.turnout.map((r) => [r.district, r.population, r.voters, r.perThousand])}
          />
        </Section>
      )}

      {reports.timeline && (
        <Section name="timeline" campaignId={campaign.id}>
          <ChartFrame label={t('ui.reporting.staff.reports.timeline')}>
            <LineChart data={reports.timeline} margin={{ left: 8, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="hour" tickFormatter={(h: string) => dates.hour(h)} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Line
                type="monotone"
                dataKey="total"
                name={c('ballots')}
                stroke={COLORS[0]}
                dot={false}
              />
            </LineChart>
          </ChartFrame>
          <Table
            report="timeline"
            head={[c('hour'), c('ballots')]}
            rows={reports.timeline.map((r) => [dates.hour(r.hour), r.total])}
          />
        </Section>
      )}

      {reports.channels && (
        <Section name="channels" campaignId={campaign.id}>
          <ChartFrame label={t('ui.reporting.staff.reports.channels')}>
            <PieChart>
              {/* Channels without ballots have no slice (no "0" labels on top of each other);
                  the legend names the slices and the table below lists every channel. */}
              <Pie
                data={pieSlices}
                dataKey="value"
                nameKey="name"
                outerRadius={80}
                label={({ value }: { value?: number }) => value}
                isAnimationActive={false}
              >
                {pieSlices.map((slice) => (
                  <Cell key={slice.channel} fill={slice.color} />
                ))}
              </Pie>
              <Legend />
              <Tooltip />
            </PieChart>
          </ChartFrame>
          <Table
            report="channels"
            head={[c('channel'), c('ballots')]}
            rows={reports.channels.map((r) => [
              t(`ui.reporting.staff.channels.${r.channel}`),
              r.ballots,
            ])}
          />
        </Section>
      )}

      {reports.projects && (
        <Section name="projects" campaignId={campaign.id}>
          <ProjectBars
            label={t('ui.reporting.staff.reports.projects')}
            rows={[...reports.projects].sort((a, b) => b.votes - a.votes)}
            dataKey="votes"
            name={c('votes')}
            color={COLORS[1]}
          />
          <Table
            report="projects"
            head={[c('project'), c('cost'), c('votes'), c('funded')]}
            rows={reports.projects.map((r) => [
              r.title,
              money(r.cost),
              r.votes,
              r.funded ? '✓' : '—',
            ])}
          />
        </Section>
      )}

      <Section name="funnel" campaignId={campaign.id}>
        <ChartFrame
          label={t('ui.reporting.staff.reports.funnel')}
          height={Math.max(160, ROW_HEIGHT * reports.funnel.length + 40)}
        >
          <BarChart
            data={reports.funnel.map((r) => ({
              ...r,
              label: t(`ui.reporting.staff.steps.${r.step}`),
            }))}
            layout="vertical"
            margin={{ left: 4, right: 36 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <CategoryAxis dataKey="label" />
            <Tooltip />
            <Bar dataKey="count" name={c('count')} fill={COLORS[2]} isAnimationActive={false}>
              <LabelList dataKey="count" position="right" className="bar-value" />
            </Bar>
          </BarChart>
        </ChartFrame>
        <Table
          report="funnel"
          head={[c('step'), c('count')]}
          rows={reports.funnel.map((r) => [t(`ui.reporting.staff.steps.${r.step}`), r.count])}
        />
      </Section>

      <Section name="implementation" campaignId={campaign.id}>
        {reports.implementation.length > 0 && (
          <ProjectBars
            label={t('ui.reporting.staff.reports.implementation')}
            rows={reports.implementation}
            dataKey="progressPercent"
            name={c('progress')}
            color={COLORS[3]}
            percent
          />
        )}
        <Table
          report="implementation"
          head={[c('project'), c('status'), c('progress'), c('milestones')]}
          rows={reports.implementation.map((r) => [
            r.title,
            r.status,
            `${r.progressPercent}%`,
            r.milestones,
          ])}
        />
      </Section>
    </>
  )
}
