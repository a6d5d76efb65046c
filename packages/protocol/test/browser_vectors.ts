/**
 * Browser entry of the golden-vector checks: bundled by esbuild (platform browser, no `node:` module
 * allowed) and run in chromium by tests/browser/protocol_vectors.spec.ts. It imports the public
 * subpaths (through vector_checks.ts) and the vector files as a page would.
 */
import bytes from '@civic-budget/protocol/vectors/bytes.json' with { type: 'json' }
import cbor from '@civic-budget/protocol/vectors/cbor.json' with { type: 'json' }
import merkle from '@civic-budget/protocol/vectors/merkle.json' with { type: 'json' }
import credential from '@civic-budget/protocol/vectors/credential.json' with { type: 'json' }
import ballot from '@civic-budget/protocol/vectors/ballot.json' with { type: 'json' }
import block from '@civic-budget/protocol/vectors/block.json' with { type: 'json' }
import receipt from '@civic-budget/protocol/vectors/receipt.json' with { type: 'json' }
import tx from '@civic-budget/protocol/vectors/tx.json' with { type: 'json' }
import rules from '@civic-budget/protocol/vectors/rules.json' with { type: 'json' }
import rejections from '@civic-budget/protocol/vectors/rejections.json' with { type: 'json' }
import threshold from '@civic-budget/protocol/vectors/threshold.json' with { type: 'json' }
import { checkVectors, type VectorResults } from './vector_checks.js'

declare global {
  interface Window {
    __vectorResults?: VectorResults
  }
}

/**
 * Runs the checks and leaves the results on `window.__vectorResults`. Called by the bundle's own entry,
 * not on import: `node --test` sweeps every file of dist/test, this one included.
 */
export function publishVectorResults(): void {
  window.__vectorResults = checkVectors({
    bytes,
    cbor,
    merkle,
    credential,
    ballot,
    block,
    receipt,
    tx,
    rules,
    rejections,
    threshold,
  })
}
