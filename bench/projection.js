#!/usr/bin/env node
/*
| `npm run bench:projection`: times the ledger projection on 200 verified blocks of 1,000 paper
| ballots each (bench/projection_run.ts). Uses a scratch database, created and migrated here:
| BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/civic_budget_bench — never point
| it at a real database (the read models are emptied). BENCH_BLOCKS / BENCH_TXS / BENCH_SHEETS
| change the size.
*/
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const env = {
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_URL:
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/civic_budget_bench',
}
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
run(['ace.js', 'db:prepare'])
run(['--import=ts-node-maintained/register/esm', 'bench/projection_run.ts'])
