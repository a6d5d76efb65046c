import { test } from '@japa/runner'
import {
  admissionLimit,
  admit,
  baseLatencyMs,
  commitRate,
  hasRoom,
  recordCommit,
  recordShed,
  releaseSlot,
  resetAdmission,
  retryAfterSeconds,
  slotsInUse,
} from '#voting/intake/admission'
import { configureIntake } from '#voting/intake/settings'

/*
| Bounded admission: ballots in flight ≤ commit rate × target (never below the floor, never above
| the hard caps). Commits are recorded with explicit times, so nothing here depends on the clock's
| speed.
*/
test.group('Ballot intake / admission', (group) => {
  group.each.setup(() => {
    resetAdmission()
    configureIntake({ admissionFloor: 8, admissionTargetMs: 1_000 })
    return () => {
      resetAdmission()
      configureIntake({})
    }
  })

  test('a cold node admits the floor, then refuses until a slot is released', ({ assert }) => {
    assert.equal(admissionLimit(), 8)
    for (let i = 0; i < 8; i++) assert.isTrue(admit(1), `ballot ${i}`)
    assert.isFalse(hasRoom())
    assert.isFalse(admit(1), 'the ninth waits for room')
    assert.isFalse(admit(2), 'the bound is the node’s, across campaigns')
    releaseSlot(1)
    assert.isTrue(admit(2))
    assert.equal(slotsInUse(), 8)
  })

  test('the bound: commit rate × (base latency + target), floor and hard cap', ({ assert }) => {
    const now = Date.now()
    // 300 commits in the last 3 s (100 ballots/s), the fastest 500 ms after admission.
    for (let i = 0; i < 300; i++) recordCommit(500 + (i % 7) * 100, now)
    assert.equal(commitRate(now), 100)
    assert.equal(baseLatencyMs(now), 500)
    assert.equal(admissionLimit(now), 150, '100/s × (0.5 s + 1 s)')
    configureIntake({ admissionFloor: 8, admissionTargetMs: 500 })
    assert.equal(admissionLimit(now), 100, 'half the target: less queueing allowed')
    configureIntake({ admissionFloor: 8, admissionTargetMs: 1_000, maxPendingGlobal: 30 })
    assert.equal(admissionLimit(now), 30, 'never above the hard cap')
    configureIntake({ admissionFloor: 400, admissionTargetMs: 1_000 })
    assert.equal(admissionLimit(now), 400, 'never below the floor')
  })

  test('commits older than the window no longer count', ({ assert }) => {
    const now = Date.now()
    for (let i = 0; i < 90; i++) recordCommit(400, now - 10_000)
    for (let i = 0; i < 30; i++) recordCommit(400, now)
    assert.equal(commitRate(now), 10)
    assert.equal(baseLatencyMs(now), 400)
    assert.equal(commitRate(now + 5_000), 0)
    assert.equal(baseLatencyMs(now + 5_000), 0)
  })

  test('Retry-After stretches with the shed rate against the commit rate', ({ assert }) => {
    configureIntake({ retryAfterSeconds: 2 })
    const now = Date.now()
    for (let i = 0; i < 30; i++) recordCommit(400, now) // 10/s
    assert.equal(retryAfterSeconds(now), 2, 'nothing shed: the base')
    for (let i = 0; i < 29; i++) recordShed(now)
    assert.equal(recordShed(now), 2, 'shed as fast as committed: still the base')
    for (let i = 0; i < 120; i++) recordShed(now) // 150 shed in 3 s: 50/s, five times the commits
    assert.equal(retryAfterSeconds(now), 10)
    for (let i = 0; i < 1000; i++) recordShed(now)
    assert.equal(retryAfterSeconds(now), 30, 'never more than 30 s')
    assert.equal(retryAfterSeconds(now + 5_000), 2, 'back to the base once shedding stops')
  })

  test('the per-campaign cap holds whatever the rate', ({ assert }) => {
    configureIntake({ admissionFloor: 8, maxPendingPerCampaign: 2 })
    assert.isTrue(admit(7))
    assert.isTrue(admit(7))
    assert.isFalse(admit(7))
    assert.isTrue(admit(8), 'another campaign still has room')
  })
})
