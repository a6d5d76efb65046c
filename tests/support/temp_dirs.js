/*
| Temp dirs of test clusters and stacks are named `<prefix>-<pid of the run>-XXXXXX`, so that
| ./leftovers.js can tell an abandoned one (its run is gone) from one a live run is using.
| ledger-node's process-test harness names its dirs the same way (`ledger-proc-<pid>-`).
*/
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TEMP_DIR_PATTERN = /^(?:cb-ledger-client|civic-stack|ledger-proc)-(\d+)-/

/** A fresh temp dir for `prefix` (one of TEMP_DIR_PATTERN's), marked with this process's id. */
export function makeTempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `${prefix}-${process.pid}-`))
}
