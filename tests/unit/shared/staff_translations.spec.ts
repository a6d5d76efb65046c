import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { STAGES } from '#campaigns/stages'

const LANGUAGES = ['en', 'ru', 'uk'] as const

function json(path: string): Record<string, any> {
  return JSON.parse(readFileSync(app.makePath(path), 'utf8'))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** Every action the code writes to the audit log: the first quoted `x.y` after `audit.record(`. */
function recordedActions(): Set<string> {
  const actions = new Set<string>()
  for (const file of sourceFiles(app.makePath('app'))) {
    const source = readFileSync(file, 'utf8')
    for (const call of source.matchAll(/audit\.record\(/g)) {
      const after = source.slice(call.index! + call[0].length, call.index! + 300)
      const action = /'([a-z_]+\.[a-z_]+)'/.exec(after)
      if (action) actions.add(action[1])
    }
  }
  return actions
}

test.group('Staff screens in every language', () => {
  test('every audit action has a name in en, ru and uk', ({ assert }) => {
    const actions = recordedActions()
    assert.isAbove(actions.size, 40)
    for (const language of LANGUAGES) {
      const names = json(`resources/lang/${language}/ui/staff.json`).audit.actions
      for (const action of actions) {
        const [group, name] = action.split('.')
        assert.isString(names[group]?.[name], `${language}: ui.staff.audit.actions.${action}`)
      }
    }
    const ru = json('resources/lang/ru/ui/staff.json').audit.actions
    assert.equal(ru.campaign.stage_changed, 'Этап изменён')
  })

  test('every stage has a name in en, ru and uk, and ru/uk are translated', ({ assert }) => {
    const en = json('resources/lang/en/ui/campaigns.json').stages
    for (const language of LANGUAGES) {
      const stages = json(`resources/lang/${language}/ui/campaigns.json`).stages
      for (const stage of STAGES) {
        assert.isString(stages[stage], `${language}: ${stage}`)
        if (language !== 'en') assert.notEqual(stages[stage], en[stage], `${language}: ${stage}`)
      }
    }
  })

  test('API tokens, terminals and the API reference have every message in en, ru and uk', ({
    assert,
  }) => {
    const flat = (value: Record<string, any>, prefix = ''): Record<string, string> =>
      Object.fromEntries(
        Object.entries(value).flatMap(([key, inner]) =>
          typeof inner === 'string'
            ? [[prefix + key, inner]]
            : Object.entries(flat(inner, `${prefix}${key}.`))
        )
      )
    for (const file of [
      'staff_api.json',
      'terminals.json',
      'ui/staff_api.json',
      'ui/terminals.json',
      'ui/developers.json',
    ]) {
      const en = flat(json(`resources/lang/en/${file}`))
      for (const language of ['ru', 'uk']) {
        const other = flat(json(`resources/lang/${language}/${file}`))
        assert.sameMembers(Object.keys(other), Object.keys(en), `${language}/${file}`)
        for (const key of Object.keys(en)) {
          assert.notEqual(other[key], en[key], `${language}/${file}: ${key} is not translated`)
        }
      }
    }
  })
})
