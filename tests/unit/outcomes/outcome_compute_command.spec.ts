import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import OutcomeCompute, { runOutcomeCompute } from '#outcomes/commands/outcome_compute'
import { pabulibPath } from '#tests/helpers/outcomes'

const scratch = mkdtempSync(join(tmpdir(), 'outcome-compute-'))
const write = (name: string, text: string) => {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

const small = [
  'META',
  'key;value',
  'budget;100.50',
  'vote_type;approval',
  'PROJECTS',
  'project_id;cost',
  'c10;60.25',
  'c2;40.25',
  'x;1',
  'VOTES',
  'voter_id;vote',
  '1;c10,c2',
  '2;c10',
  '3;c2,x',
  '',
].join('\n')

test.group('Outcomes / outcome:compute', (group) => {
  group.teardown(() => rmSync(scratch, { recursive: true, force: true }))
  test('command metadata', ({ assert }) => {
    assert.equal(OutcomeCompute.commandName, 'outcome:compute')
    assert.deepEqual(OutcomeCompute.options, { startApp: false })
  })

  test('prints {"selected","cost","budget"} with ids as in the file and exact decimals', async ({
    assert,
  }) => {
    const file = write('small.pb', small)
    // greedy: c10 and c2 both have 2 votes → lower cost first: c2 (40.25), c10 (60.25) → 100.5; x no longer fits.
    const greedy = await runOutcomeCompute({ pabulib: file, rule: 'greedy', json: true })
    assert.equal(greedy.exitCode, 0)
    assert.equal(greedy.stdout, '{"selected":["c2","c10"],"cost":100.5,"budget":100.5}')
    assert.deepEqual(Object.keys(JSON.parse(greedy.stdout)), ['selected', 'cost', 'budget'])
    for (const rule of ['equal-shares', 'equal-shares-add1']) {
      const out = await runOutcomeCompute({ pabulib: file, rule, json: true })
      assert.equal(out.exitCode, 0, out.stderr)
      const parsed = JSON.parse(out.stdout)
      assert.isAtMost(parsed.cost, 100.5)
      assert.equal(parsed.budget, 100.5)
    }
  })

  test('--min-support: no rule selects a project with a lower score (default: none)', async ({
    assert,
  }) => {
    // c10 and c2 have 2 votes, x 1: the budget 200 leaves room for x under every rule
    const file = write('roomy.pb', small.replace('budget;100.50', 'budget;200'))
    for (const rule of ['greedy', 'equal-shares', 'equal-shares-add1']) {
      const off = await runOutcomeCompute({ pabulib: file, rule, json: true })
      assert.include(JSON.parse(off.stdout).selected, 'x', rule)
      const two = await runOutcomeCompute({ pabulib: file, rule, minSupport: '2', json: true })
      assert.equal(two.exitCode, 0, two.stderr)
      assert.notInclude(JSON.parse(two.stdout).selected, 'x', rule)
      const three = await runOutcomeCompute({ pabulib: file, rule, minSupport: '3', json: true })
      assert.equal(three.stdout, '{"selected":[],"cost":0,"budget":200}', rule)
    }
  })

  test('integral figures are JSON integers (Budapest 2024, greedy)', async ({ assert }) => {
    const out = await runOutcomeCompute({
      pabulib: pabulibPath('Hungary_Budapest_2024.pb'),
      rule: 'greedy',
      json: true,
    })
    assert.equal(out.exitCode, 0)
    assert.match(out.stdout, /^\{"selected":\["\d+"(,"\d+")*\],"cost":\d+,"budget":1000000000\}$/)
  })

  test('bad input exits 1 with a message', async ({ assert }) => {
    const file = write('small2.pb', small)
    const cases: [Parameters<typeof runOutcomeCompute>[0], RegExp][] = [
      [{ pabulib: join(scratch, 'missing.pb'), rule: 'greedy' }, /cannot read/],
      [{ pabulib: file, rule: 'borda' }, /unknown rule "borda"/],
      [{ rule: 'greedy' }, /missing --pabulib/],
      [{ pabulib: file }, /missing --rule/],
      [{ pabulib: file, rule: 'greedy', minSupport: '-1' }, /--min-support must be a whole/],
      [{ pabulib: file, rule: 'greedy', minSupport: '1.5' }, /--min-support must be a whole/],
      [{ pabulib: file, rule: 'greedy', minSupport: 'two' }, /--min-support must be a whole/],
      [{ pabulib: file, rule: 'greedy', minSupport: ' ' }, /--min-support must be a whole/],
      [
        { pabulib: write('bad.pb', small.replace('2;c10', '2;c11')), rule: 'greedy' },
        /line 13: .*unknown project "c11"/,
      ],
      [
        { pabulib: pabulibPath('Switzerland_Zurich_D10.pb'), rule: 'equal-shares' },
        /approval ballots only/,
      ],
      [
        {
          pabulib: pabulibPath('US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings.pb'),
          rule: 'equal-shares-add1',
        },
        /approval ballots only/,
      ],
    ]
    for (const [args, pattern] of cases) {
      const out = await runOutcomeCompute(args)
      assert.equal(out.exitCode, 1, JSON.stringify(args))
      assert.equal(out.stdout, '')
      assert.match(out.stderr, pattern)
    }
  })
})
