import { decodePbTx, PbApp, type PbTx } from '@civic-budget/ledger-node/pb'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import type { Genesis } from '@civic-budget/protocol/block'
import type { VerifiedBlock } from './chain.js'

/*
 * The verified chain executed by the replicas' own pb application (`@civic-budget/ledger-node/pb`),
 * exactly as a replica executes a block: a fresh `PbApp` with the genesis admins, then per block
 * `beginBlock` on the parent's state and the parent header's state root, every tx delivered in
 * order, `finish`, `commit`. Each tx keeps the app's verdict (the replicas' reason when refused),
 * and each block's state root must equal the one its header carries, which the commit certificate
 * signs: a difference means the audit did not execute what the replicas executed.
 * A refused tx in a certified block is a difference too: an honest replica votes only for blocks
 * whose every tx its app accepts, so such a block was certified by a quorum that misbehaved.
 */

export interface ExecutedTx {
  height: number
  /** The tx as the replicas' codec decodes it; null when it cannot (the app refused it as malformed). */
  tx: PbTx | null
  /** The replicas' reason for refusing it; null when the app accepted it. */
  refused: string | null
}

export interface ChainExecution {
  /** The app after the last block: its committed state is the ledger's state. */
  app: PbApp
  txs: ExecutedTx[]
  problems: string[]
}

/** Genesis `admins` (hex Ed25519 keys): who may register campaigns, sign records, approve batches. */
function genesisAdmins(genesis: Genesis): Uint8Array[] {
  const admins = (genesis as Genesis & { admins?: string[] }).admins ?? []
  return admins.map((key) => hexToBytes(key, 32))
}

function decodable(tx: Uint8Array): PbTx | null {
  try {
    return decodePbTx(tx)
  } catch {
    return null
  }
}

/** The difference a refused tx in a certified block makes (exported for the tests' expectations). */
export function refusedInCertifiedBlock(height: number, reason: string): string {
  return (
    `block ${height}: certified with a tx the replicas' pb application refuses (${reason}); ` +
    'honest replicas never vote for such a block'
  )
}

export function executeChain(blocks: readonly VerifiedBlock[], genesis: Genesis): ChainExecution {
  const app = new PbApp({ admins: genesisAdmins(genesis) })
  const txs: ExecutedTx[] = []
  const problems: string[] = []
  let state = app.genesisState()
  let parentStateRoot = new Uint8Array(32) // the genesis block's
  for (const block of blocks) {
    // As a replica does before executing a block: ballot credentials batch-verified into the app's
    // cache (it never changes a verdict, only makes a long chain several times faster to replay).
    app.prevalidate(block.txs)
    const run = app.beginBlock(state, parentStateRoot, {
      chainId: genesis.chainId,
      height: block.height,
      timestampMs: block.timestampMs,
    })
    for (const tx of block.txs) {
      const outcome = run.deliverTx(tx)
      if (!outcome.ok) problems.push(refusedInCertifiedBlock(block.height, outcome.reason))
      txs.push({
        height: block.height,
        tx: decodable(tx),
        refused: outcome.ok ? null : outcome.reason,
      })
    }
    const done = run.finish()
    const [computed, signed] = [bytesToHex(done.stateRoot), bytesToHex(block.stateRoot)]
    if (computed !== signed) {
      problems.push(
        `block ${block.height}: state root ${signed} differs from ${computed} computed by the replicas' pb application`
      )
    }
    app.commit(done.state)
    state = done.state
    parentStateRoot = block.stateRoot
  }
  return { app, txs, problems }
}
