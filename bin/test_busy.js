#!/usr/bin/env node
/*
| `npm run test:busy`: the whole suite (`npm test`, bin/test_all.js) while two busy loops
| (`node -e "for(;;){}"`) take the CPU, as on a machine busy with other work. The hogs are
| killed however this ends (tests/support/children.js); the exit code is the suite's.
*/
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { track, withOwner } from '../tests/support/children.js'

const HOGS = Number(process.env.TEST_BUSY_HOGS ?? 2)

for (let i = 0; i < HOGS; i++) {
  track(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore', env: withOwner() }))
}
console.log(`[test:busy] ${HOGS} busy-loop processes started`)
const started = Date.now()
const suite = track(
  spawn(process.execPath, [fileURLToPath(new URL('test_all.js', import.meta.url))], {
    stdio: 'inherit',
  }),
  { gentle: true }
)
suite.on('close', (status) => {
  console.log(`[test:busy] suite finished in ${Math.round((Date.now() - started) / 1000)} s`)
  process.exit(status ?? 1)
})
