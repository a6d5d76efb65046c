/*
| Set-up of `npm run bench:credentials` (bench/credentials.js runs it with the stack's database):
| boots the app in the console environment, makes COUNT residents with API tokens, and writes one
| JSON line per resident `{token, blinded}` to OUT. The blinded point stands for what a voter's
| phone would send — any valid G2 point is one, so it is made natively (a blst signature of a random
| message), keeping the client's blinding work out of the measurement.
*/
import 'reflect-metadata'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import blst from '@chainsafe/blst'
import { bootConsoleApp } from './console_app.js'

const COUNT = Number(process.env.BENCH_RESIDENTS ?? 2000)
const OUT = process.env.BENCH_OUT ?? 'credentials.jsonl'

const app = await bootConsoleApp()
await app.start(async () => {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: Resident } = await import('#identity/models/resident')
  const lines: string[] = []
  const prefix = 9_000_000_000 + Math.floor(Math.random() * 900_000)
  for (let i = 0; i < COUNT; i++) {
    const [row] = await db
      .table('residents')
      .insert({
        phone_e164: `+7${prefix + i * 1000}`,
        locale: 'ru',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    const resident = await Resident.findOrFail(row.id)
    const token = await Resident.accessTokens.create(resident, ['*'], { name: 'bench' })
    const point = blst.SecretKey.fromKeygen(randomBytes(32)).sign(randomBytes(32))
    lines.push(
      JSON.stringify({
        token: token.value!.release(),
        blinded: Buffer.from(point.toBytes(true)).toString('hex'),
      })
    )
  }
  writeFileSync(OUT, lines.join('\n') + '\n')
  await db.manager.closeAll()
})
