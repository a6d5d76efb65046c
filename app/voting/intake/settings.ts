import votingConfig from '#config/voting'

/*
| Intake bounds (config/voting.ts `intake`). `configureIntake` overrides them (tests use small
| bounds); call `resetIntake()` afterwards so actors and the pool pick them up.
*/
export type IntakeSettings = { -readonly [K in keyof typeof votingConfig.intake]: number }

let settings: IntakeSettings = { ...votingConfig.intake }

export function intakeSettings(): IntakeSettings {
  return settings
}

export function configureIntake(overrides: Partial<IntakeSettings>): void {
  settings = { ...votingConfig.intake, ...overrides }
}
