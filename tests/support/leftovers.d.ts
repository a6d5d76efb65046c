export interface OrphanedProcess {
  pid: number
  owner: number
  checkout: string
  command: string
  ours: boolean
}
export function isAlive(pid: number): boolean
export function orphanedTestProcesses(): OrphanedProcess[]
export function orphanedTempDirs(): string[]
export function cleanLeftovers(): string[]
export function reportLeftovers(context: string): void
