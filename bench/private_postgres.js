/*
| A PostgreSQL server of a test's own: a fresh cluster in a temp dir on a free port, so that a test
| can restart PostgreSQL (tests/process/voting_faults.test.js) without cutting off the machine's
| shared server under every other run (another checkout's `npm test`, a developer's `npm start`).
| The machine's PostgreSQL binaries are used; as root they run as the `postgres` user (initdb
| refuses root). Stopped on every way out of the process (tests/support/children.js `atExit`).
*/
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { atExit } from '../tests/support/children.js'
import { findFreePorts } from '../tests/support/ports.js'
import { makeTempDir } from '../tests/support/temp_dirs.js'

const binDir = () => {
  const versions = readdirSync('/usr/lib/postgresql').sort()
  return join('/usr/lib/postgresql', versions.at(-1), 'bin')
}

export class PrivatePostgres {
  /** Creates and starts the cluster (a few seconds: initdb). */
  static async start() {
    const dir = makeTempDir('civic-stack')
    const port = await findFreePorts(29_500, [0], 'private PostgreSQL')
    const pg = new PrivatePostgres(dir, port)
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
      chownSync(dir, uid, gid)
      pg.asPostgres = true
    }
    pg.run('initdb', ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
    atExit(() => pg.stop())
    pg.pgCtl('start')
    return pg
  }

  constructor(dir, port) {
    this.dir = dir
    this.port = port
    this.dataDir = join(dir, 'data')
    this.asPostgres = false
  }

  url(database) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`
  }

  run(program, args) {
    const command = join(binDir(), program)
    const [file, argv] = this.asPostgres
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args]
    // The server inherits CIVIC_TEST_OWNER: should the run be killed outright, the next run's
    // leftover check reports it (and keeps its data dir) instead of deleting the dir under it.
    return execFileSync(file, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] })
  }

  pgCtl(action) {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-m',
      'fast',
      action,
    ])
  }

  /** What the voting-fault test does to PostgreSQL: a restart under load. */
  restart() {
    this.pgCtl('restart')
  }

  stop() {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return
    this.run('pg_ctl', ['-D', this.dataDir, '-w', '-m', 'immediate', 'stop'])
  }
}
