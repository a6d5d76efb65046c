import pg from 'pg'

/** Creates the database named in `url` when it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<'exists' | 'created'> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`Refusing to create a database with an unusual name: "${name}"`)
  }
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount) return 'exists'
    await client.query(`CREATE DATABASE "${name}"`)
    return 'created'
  } finally {
    await client.end()
  }
}
