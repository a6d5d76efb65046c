import type { CampaignReports, ReportName } from '#reporting/services/campaign_reports'

/*
 * Every report as one flat table (column names in English snake_case, as analysts' tools expect;
 * amounts in the currency's smallest unit), shared by the CSV and XLSX writers.
 */

export type Cell = string | number | boolean
export interface ReportTable {
  columns: string[]
  rows: Cell[][]
}

export function reportTable(reports: CampaignReports, name: ReportName): ReportTable | null {
  switch (name) {
    case 'turnout':
      return (
        reports.turnout && {
          columns: ['district_id', 'district', 'population', 'voters', 'voters_per_1000'],
          rows: reports.turnout.map((r) => [
            r.districtId,
            r.district,
            r.population,
            r.voters,
            r.perThousand,
          ]),
        }
      )
    case 'timeline':
      return (
        reports.timeline && {
          columns: ['hour', 'online', 'terminal', 'paper', 'import', 'total'],
          rows: reports.timeline.map((r) => [
            r.hour,
            r.online,
            r.terminal,
            r.paper,
            r.import,
            r.total,
          ]),
        }
      )
    case 'channels':
      return (
        reports.channels && {
          columns: ['channel', 'ballots'],
          rows: reports.channels.map((r) => [r.channel, r.ballots]),
        }
      )
    case 'projects':
      return (
        reports.projects && {
          columns: ['project_id', 'title', 'pot', 'cost', 'votes', 'points', 'funded'],
          rows: reports.projects.map((r) => [
            r.projectId,
            r.title,
            r.pot,
            r.cost,
            r.votes,
            r.points,
            r.funded,
          ]),
        }
      )
    case 'funnel':
      return { columns: ['step', 'count'], rows: reports.funnel.map((r) => [r.step, r.count]) }
    case 'implementation':
      return {
        columns: ['project_id', 'title', 'status', 'progress_percent', 'milestones'],
        rows: reports.implementation.map((r) => [
          r.projectId,
          r.title,
          r.status,
          r.progressPercent,
          r.milestones,
        ]),
      }
  }
}
