import type { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const IMPLEMENTATION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number]

/** A funded project's implementation status and progress (0..100, a DB CHECK). */
export default class ProjectImplementation extends BaseModel {
  static table = 'project_implementation'

  @column({ isPrimary: true })
  declare projectId: number

  @column()
  declare status: ImplementationStatus

  @column()
  declare progressPercent: number

  @column()
  declare updatedBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
