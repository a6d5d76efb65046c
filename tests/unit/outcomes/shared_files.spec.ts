import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import { computeOutcome, ruleInputFromPabulib, runRule } from '#outcomes/compute_outcome'
import { selectedColumn } from '#outcomes/pabulib/pabulib_file'
import { parsePabulib } from '#outcomes/pabulib/parse'
import { writePabulib } from '#outcomes/pabulib/write'
import { Rational } from '#outcomes/rational'
import equalShares from '#outcomes/rules/equal_shares'
import equalSharesAdd1 from '#outcomes/rules/equal_shares_add1'
import greedy from '#outcomes/rules/greedy'
import { add1Endowment, prepareMes, runMes } from '#outcomes/rules/mes_engine'
import { computeScores } from '#outcomes/scores'
import { compareNaturalIds } from '#outcomes/natural_id_order'
import type { GreedyOutcome, MesOutcome } from '#outcomes/types'
import { pabulibPath } from '#tests/helpers/outcomes'
import { referenceAdd1, referenceEqualShares } from './helpers/reference_mes.js'

/*
 * The ten real Pabulib instances in tests/fixtures/pabulib (pabulib.org, research use; see its
 * README). equal-shares-add1 on
 * Budapest 2024 walks k up to 23,175: the step-by-step loop takes minutes, so its test checks the
 * proven ranges at sampled k instead (`npm run bench:outcomes` times it).
 */
const FILES = [
  { name: 'Hungary_Budapest_2022_VIII_Jozsefvaros.pb', voteType: 'approval', voters: 520 },
  { name: 'Hungary_Budapest_2024.pb', voteType: 'approval', voters: 28943, projects: 175 },
  { name: 'Poland_Poznan_2023_9_-_Stare_Miasto.pb', voteType: 'approval', voters: 6119 },
  { name: 'Poland_Poznan_2024_9_-_Stare_Miasto__small.pb', voteType: 'choose-1', voters: 984 },
  { name: 'Switzerland_Zurich_D10.pb', voteType: 'cumulative', voters: 180 },
  {
    name: 'US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals.pb',
    voteType: 'approval',
    voters: 3263,
  },
  {
    name: 'US_Stanford_Dataset_PB_Oakland_2017_District_1_vote_approvals.pb',
    voteType: 'approval',
    voters: 550,
  },
  {
    name: 'US_Stanford_Dataset_PB_Rochester_NY_2019_vote_knapsacks.pb',
    voteType: 'approval',
    voters: 740,
  },
  {
    name: 'US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings.pb',
    voteType: 'ordinal',
    voters: 1460,
  },
  {
    name: 'US_Stanford_Dataset_PB_Vallejo_2018_vote_approvals.pb',
    voteType: 'approval',
    voters: 2450,
  },
] as const

const load = (name: string) => parsePabulib(readFileSync(pabulibPath(name), 'utf8'))
const ids = (o: { selected: { id: string }[] }) => o.selected.map((s) => s.id)
const approvalLike = FILES.filter((f) => f.voteType === 'approval' || f.voteType === 'choose-1')

function assertGreedyShape(assert: any, file: ReturnType<typeof load>, out: GreedyOutcome) {
  const input = ruleInputFromPabulib(file)
  const scores = computeScores(input.projects, input.ballots, file.voteType)
  const byId = new Map(input.projects.map((p, i) => [p.id, { cost: p.cost, score: scores[i] }]))
  // Re-walk the list: the walk order is score desc, cost asc, natural id; each decision is "fits?".
  const walk = [...out.selected.map((s) => s.id), ...out.skipped.map((s) => s.id)].sort((a, b) => {
    const x = byId.get(a)!
    const y = byId.get(b)!
    return y.score.cmp(x.score) || x.cost.cmp(y.cost) || compareNaturalIds(a, b)
  })
  let left = file.budget
  const selected: string[] = []
  for (const id of walk) {
    if (byId.get(id)!.cost.lte(left)) {
      left = left.sub(byId.get(id)!.cost)
      selected.push(id)
    }
  }
  assert.deepEqual(ids(out), selected)
  assert.isTrue(out.totalCost.lte(file.budget))
  assert.isTrue(out.totalCost.eq(Rational.sum(out.selected.map((s) => s.cost))))
}

function assertMesShape(assert: any, file: ReturnType<typeof load>, out: MesOutcome) {
  assert.isTrue(out.totalCost.lte(file.budget))
  assert.isTrue(out.totalCost.eq(Rational.sum(out.selected.map((s) => s.cost))))
  const supporters = computeScores(file.projects, ruleInputFromPabulib(file).ballots, 'approval')
  for (let i = 0; i < out.selected.length; i++) {
    const s = out.selected[i]
    // ρ never decreases from one selection to the next (money only shrinks).
    if (i > 0) assert.isTrue(out.selected[i - 1].rho.lte(s.rho), `ρ order at ${s.id}`)
    // Payments cover the cost exactly, nobody pays more than the cap or more than they started with.
    const paid = Rational.sum(s.payments.map((p) => p.amount.mul(Rational.fromInteger(p.voters))))
    assert.isTrue(paid.eq(s.cost), `payments of ${s.id}`)
    for (const p of s.payments) {
      assert.isTrue(p.amount.lte(s.cap) && p.amount.lte(out.endowment), `payment of ${s.id}`)
    }
    const payers = s.payments.reduce((n, p) => n + p.voters, 0)
    const index = file.projects.findIndex((p) => p.id === s.id)
    assert.isAtMost(payers, Number(supporters[index].num))
    assert.isTrue(s.rho.eq(s.cost.isZero() ? Rational.ZERO : s.cap.div(s.cost)))
  }
}

test.group('Outcomes / shared Pabulib files: parsing', () => {
  for (const f of FILES) {
    test(`parses ${f.name}`, ({ assert }) => {
      const file = load(f.name)
      assert.equal(file.voteType, f.voteType)
      assert.equal(file.votes.length, f.voters)
      if ('projects' in f) assert.equal(file.projects.length, f.projects)
      assert.deepEqual(file.warnings, [])
      // The files' own `votes` (and `score`) columns agree with our scores.
      const input = ruleInputFromPabulib(file)
      const approvals = computeScores(input.projects, input.ballots, 'approval')
      const scores = computeScores(input.projects, input.ballots, file.voteType)
      file.projects.forEach((p, i) => {
        if (p.fields.votes !== undefined)
          assert.equal(p.fields.votes, approvals[i].toString(), `votes of ${p.id}`)
        if (p.fields.score !== undefined)
          assert.equal(p.fields.score, scores[i].toString(), `score of ${p.id}`)
      })
    })

    test(`round trips ${f.name} through the writer`, ({ assert }) => {
      const file = load(f.name)
      const again = parsePabulib(writePabulib(file, { voterIds: 'keep' }))
      assert.deepEqual([...again.meta], [...file.meta])
      assert.deepEqual(again.projectColumns, file.projectColumns)
      assert.deepEqual(again.projects, file.projects)
      assert.deepEqual(again.votes, file.votes)
      const pseudonymous = parsePabulib(writePabulib(file))
      assert.deepEqual(pseudonymous.votes.map((v) => v.voterId).slice(0, 3), ['1', '2', '3'])
      assert.deepEqual(
        pseudonymous.votes.map((v) => v.projects),
        file.votes.map((v) => v.projects)
      )
    })
  }
})

test.group('Outcomes / shared Pabulib files: rules', () => {
  for (const f of FILES) {
    test(`greedy on ${f.name}`, ({ assert }) => {
      const file = load(f.name)
      const out = greedy(ruleInputFromPabulib(file))
      assertGreedyShape(assert, file, out)
      assert.deepEqual(ids(greedy(ruleInputFromPabulib(file))), ids(out), 'deterministic')
      const json = computeOutcome(file, 'greedy')
      assert.deepEqual(json.selected, ids(out))
      assert.equal(json.cost, out.totalCost.toJsonNumber())
      assert.equal(json.budget, file.budget.toJsonNumber())
    })
  }

  for (const f of FILES.filter((x) => !approvalLike.includes(x as any))) {
    test(`equal-shares refuses ${f.voteType} ballots in ${f.name}`, ({ assert }) => {
      const file = load(f.name)
      assert.throws(() => computeOutcome(file, 'equal-shares'), /approval/)
      assert.throws(() => computeOutcome(file, 'equal-shares-add1'), /approval/)
    })
  }

  for (const f of approvalLike) {
    test(`equal-shares on ${f.name}`, ({ assert }) => {
      const file = load(f.name)
      const out = equalShares(ruleInputFromPabulib(file))
      assertMesShape(assert, file, out)
      assert.isTrue(out.endowment.eq(file.budget.div(Rational.fromInteger(file.votes.length))))
      assert.deepEqual(ids(equalShares(ruleInputFromPabulib(file))), ids(out), 'deterministic')
      assert.deepEqual(computeOutcome(file, 'equal-shares').selected, ids(out))
    })

    // Budapest 2024: below, with its proven ranges (one completion of ~8 s is enough).
    if (f.name === 'Hungary_Budapest_2024.pb') continue
    test(`equal-shares-add1 on ${f.name}`, ({ assert }) => {
      const file = load(f.name)
      const input = ruleInputFromPabulib(file)
      const out = equalSharesAdd1(input)
      assertMesShape(assert, file, out)
      // The completion never selects less money's worth than the plain run, and never exceeds B.
      assert.isTrue(out.totalCost.gte(equalShares(input).totalCost))
      const n = BigInt(file.votes.length)
      const base = Rational.fromInteger(file.budget.num / (file.budget.den * n))
      if (out.completionStep! > 0) {
        assert.isTrue(out.endowment.eq(base.add(Rational.fromInteger(out.completionStep!))))
      }
      assert.deepEqual(
        computeOutcome(file, 'equal-shares-add1').selected,
        ids(out),
        'deterministic'
      )
    }).timeout(5 * 60 * 1000)
  }

  for (const name of [
    'Hungary_Budapest_2022_VIII_Jozsefvaros.pb',
    'Poland_Poznan_2023_9_-_Stare_Miasto.pb',
    'Poland_Poznan_2024_9_-_Stare_Miasto__small.pb',
    'US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals.pb',
    'US_Stanford_Dataset_PB_Oakland_2017_District_1_vote_approvals.pb',
    'US_Stanford_Dataset_PB_Rochester_NY_2019_vote_knapsacks.pb',
    'US_Stanford_Dataset_PB_Vallejo_2018_vote_approvals.pb',
  ]) {
    test(`equal-shares on ${name} matches the plain per-voter implementation`, ({ assert }) => {
      const input = ruleInputFromPabulib(load(name))
      const fast = equalShares(input)
      const slow = referenceEqualShares(input)
      assert.deepEqual(ids(fast), slow.selected)
      assert.deepEqual(
        fast.selected.map((s) => s.rho.toString()),
        slow.rhos.map((r) => r.toString())
      )
    }).timeout(120_000)
  }
})

test.group('Outcomes / shared Pabulib files: add1 range jumps vs k = 1, 2, …', () => {
  test('equal-shares-add1 on Hungary_Budapest_2024.pb: proven ranges hold at sampled k', ({
    assert,
  }) => {
    const file = load('Hungary_Budapest_2024.pb')
    const input = ruleInputFromPabulib(file)
    const inst = prepareMes(input)
    const ranges: { from: bigint; to: bigint; order: readonly number[] }[] = []
    const out = equalSharesAdd1(input, {
      onRange: (from, to, order) => ranges.push({ from, to, order }),
    })
    assertMesShape(assert, file, out)
    assert.isTrue(out.totalCost.gte(equalShares(input).totalCost))
    ranges.forEach((r, i) => assert.equal(r.from, i === 0 ? 1n : ranges[i - 1].to + 1n))
    // The last range starts where the selection first costs more than B; the one before ends at
    // the kept step.
    const last = ranges.at(-1)!
    assert.equal(ranges.at(-2)!.to, BigInt(out.completionStep!))
    assert.equal(last.from, BigInt(out.completionStep!) + 1n)
    const costAt = (k: bigint) => runMes(inst, add1Endowment(inst, k), { payments: false })
    assert.isTrue(costAt(last.from).totalCost.gt(input.budget))
    // Both ends and an inner k of every 8th range (a deterministic sample) are plain runs' choices.
    ranges.forEach((r, i) => {
      if (i % 8 !== 0 && i !== ranges.length - 2) return
      for (const k of new Set([r.from, (r.from + r.to) / 2n, r.to])) {
        assert.deepEqual(costAt(k).order, [...r.order], `k = ${k}`)
      }
    })
  }).timeout(300_000)

  for (const [name, withReference] of [
    ['Poland_Poznan_2023_9_-_Stare_Miasto.pb', false],
    ['Poland_Poznan_2024_9_-_Stare_Miasto__small.pb', true],
    ['US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals.pb', false],
    ['US_Stanford_Dataset_PB_Rochester_NY_2019_vote_knapsacks.pb', true],
    ['US_Stanford_Dataset_PB_Vallejo_2018_vote_approvals.pb', false],
  ] as const) {
    test(`equal-shares-add1 on ${name} equals the step-by-step loop`, ({ assert }) => {
      const input = ruleInputFromPabulib(load(name))
      const fast = equalSharesAdd1(input)
      const stepwise = equalSharesAdd1(input, { stepByStep: true, runsMax: 5000 })
      assert.deepEqual(ids(fast), ids(stepwise))
      assert.equal(fast.completionStep, stepwise.completionStep)
      assert.isTrue(fast.endowment.eq(stepwise.endowment))
      assert.deepEqual(
        fast.selected.map((s) => s.rho.toString()),
        stepwise.selected.map((s) => s.rho.toString())
      )
      if (withReference) {
        const slow = referenceAdd1(input, 5000)
        assert.deepEqual(ids(fast), slow.selected)
        assert.isTrue(fast.endowment.eq(slow.endowment))
      }
    }).timeout(300_000)
  }
})

/*
 * The cities' own selections (PROJECTS `selected`):
 * - Poznań (META rule greedy-custom): "fund by votes until the next project does not fit", plus a
 *   reserve rule marking with 2 a project that 80% of the rest would cover. Our greedy with the
 *   stop-at-first-misfit option must reproduce the projects marked 1 exactly; plain greedy agrees on
 *   these two files as well.
 * - Budapest 2022 VIII and 2024 (rule unknown): the files hold online votes only (about half of the
 *   Józsefváros votes and ~10% of Budapest 2024 votes were on paper) and Budapest 2024 chose per
 *   category, so the official winners cannot be derived from the file: no assertion, see the report
 *   in the test below.
 * - The Stanford files and Zurich have no `selected` column.
 */
test.group('Outcomes / shared Pabulib files: city selections', () => {
  test('Poznań greedy-custom files: stop-at-first-misfit greedy gives the projects marked 1', ({
    assert,
  }) => {
    for (const name of [
      'Poland_Poznan_2023_9_-_Stare_Miasto.pb',
      'Poland_Poznan_2024_9_-_Stare_Miasto__small.pb',
    ]) {
      const file = load(name)
      assert.equal(file.meta.get('rule'), 'greedy-custom')
      const markedOne = file.projects.filter((p) => p.fields.selected === '1').map((p) => p.id)
      const out = greedy(ruleInputFromPabulib(file), { stopAtFirstMisfit: true })
      assert.sameMembers(ids(out), markedOne, name)
      assert.sameMembers(ids(greedy(ruleInputFromPabulib(file))), markedOne, name)
    }
  })

  test('Budapest files: greedy vs the official selection is recorded, not asserted', ({
    assert,
  }) => {
    for (const name of ['Hungary_Budapest_2022_VIII_Jozsefvaros.pb', 'Hungary_Budapest_2024.pb']) {
      const file = load(name)
      const official = selectedColumn(file)!
      assert.isAbove(official.length, 0)
      const ours = ids(runRule(file, 'greedy'))
      // Overlap is informative only (online votes only; see the comment above).
      const overlap = ours.filter((id) => official.includes(id)).length
      assert.isAtLeast(overlap, 0)
    }
  })
})
