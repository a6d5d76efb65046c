#!/usr/bin/env node
/*
| The trustee CLI (app/trustees/README.md "Trustee CLI"): the trustee page's steps from a terminal,
| with the same code (@civic-budget/protocol/trustee).
|
|   node bin/trustee.js <command> [--server URL] [--token-file FILE] [--key-file FILE]
|                                 [--passphrase-file FILE]
|
| Token: TRUSTEE_TOKEN or --token-file; passphrase: TRUSTEE_PASSPHRASE or --passphrase-file.
| A command is the module bin/trustee/<command>.js (exporting `description` and `run(cli)`), so a
| new one is a new file; files starting with `_` are helpers.
*/
import { readdirSync } from 'node:fs'
import { cliContext, CliError } from './trustee/_cli.js'

const DIR = new URL('./trustee/', import.meta.url)

function commandNames() {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.js') && !file.startsWith('_'))
    .map((file) => file.slice(0, -3))
    .sort()
}

async function usage(names) {
  const lines = ['usage: node bin/trustee.js <command> [options]', '', 'commands:']
  for (const name of names) {
    const { description } = await import(new URL(`${name}.js`, DIR).href)
    lines.push(`  ${name.padEnd(10)} ${description ?? ''}`)
  }
  lines.push(
    '',
    'options: --server URL (default $TRUSTEE_SERVER or http://localhost:3333)',
    '         --token-file FILE (default $TRUSTEE_TOKEN)',
    '         --key-file FILE (default trustee-key.json)',
    '         --passphrase-file FILE (default $TRUSTEE_PASSPHRASE)'
  )
  return lines.join('\n')
}

const names = commandNames()
const [command, ...args] = process.argv.slice(2)
if (!command || !names.includes(command)) {
  process.stderr.write(`${command ? `unknown command: ${command}\n\n` : ''}${await usage(names)}\n`)
  process.exit(2)
}
try {
  const module = await import(new URL(`${command}.js`, DIR).href)
  await module.run(cliContext(args))
} catch (error) {
  // Expected failures (refusals, a wrong passphrase) are one line; anything else keeps its stack.
  const known = error instanceof CliError || error?.name === 'TrusteeKeyFileError'
  process.stderr.write(`trustee ${command}: ${known ? error.message : error?.stack}\n`)
  process.exit(1)
}
