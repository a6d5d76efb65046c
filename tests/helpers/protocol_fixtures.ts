/**
 * Test fixtures for the wire protocol: a fake 4-replica chain with real BLS keys (signed with the
 * native `@chainsafe/blst`, as the ledger does) and complete receipts built with `@civic-budget/protocol`.
 */
import { randomBytes } from 'node:crypto'
import * as blst from '@chainsafe/blst'
import {
  ballotTx,
  blind,
  bytesToHex,
  cborEncode,
  commitMessage,
  encodeBallot,
  encodeHeader,
  generateRegistrarKey,
  generateVoterKey,
  type Genesis,
  makeReceipt,
  merkleRoot,
  popProve,
  type PublicCampaign,
  type Receipt,
  sha256,
  signBallot,
  signBlinded,
  unblind,
  blockHashOf,
  bytesToBase64,
  hexToBytes,
  type BallotChoice,
  genesisBlockHash,
} from '@civic-budget/protocol'

export interface FakeChain {
  genesis: Genesis
  replicaKeys: blst.SecretKey[]
}

export function fakeChain(replicas = 4, quorum = 3, chainId = 'civic-budget-test'): FakeChain {
  const replicaKeys = Array.from({ length: replicas }, () =>
    blst.SecretKey.fromKeygen(randomBytes(32))
  )
  const genesis: Genesis = {
    chainId,
    quorum,
    replicas: replicaKeys.map((sk, index) => ({
      index,
      publicKey: sk.toPublicKey().toHex(true).replace(/^0x/, ''),
      pop: popProve(sk.toHex().replace(/^0x/, '')),
      address: `127.0.0.1:${7000 + index}`,
    })),
  }
  return { genesis, replicaKeys }
}

/** Aggregate commit signature of the given signers (blst, native). */
export function commitBy(chain: FakeChain, blockHash: string, signers: number[]) {
  const msg = commitMessage(blockHash)
  const sigs = signers.map((i) => chain.replicaKeys[i].sign(msg))
  const aggregate = blst.aggregateSignatures(sigs)
  return { signers, signature: bytesToHex(aggregate.toBytes(true)) }
}

/** A block as a replica serves it (`GET /blocks`). */
export interface ServedBlock {
  height: number
  blockHash: string
  header: string
  txs: string[]
  commit: { signers: number[]; signature: string } | null
}

/**
 * Blocks chained from the genesis block, each certified by replicas 0, 1 and 3, as served. A block's
 * header carries its `stateRoot` when given (readers that execute the blocks compare it), else a
 * placeholder.
 */
export function servedChain(
  chain: FakeChain,
  blocks: { txs: Uint8Array[]; timestampMs: number; stateRoot?: Uint8Array }[]
): ServedBlock[] {
  const out: ServedBlock[] = []
  let parent = genesisBlockHash(chain.genesis.chainId)
  blocks.forEach((block, i) => {
    const header = encodeHeader({
      chainId: chain.genesis.chainId,
      height: i + 1,
      view: i + 1,
      parentHash: hexToBytes(parent, 32),
      justifyQcHash: sha256(new Uint8Array([i])),
      txRoot: merkleRoot(block.txs),
      txCount: block.txs.length,
      stateRoot: block.stateRoot ?? sha256(new Uint8Array([7])),
      timestampMs: block.timestampMs,
      proposer: i % 4,
    })
    const blockHash = blockHashOf(header)
    out.push({
      height: i + 1,
      blockHash,
      header: bytesToBase64(header),
      txs: block.txs.map(bytesToBase64),
      commit: commitBy(chain, blockHash, [0, 1, 3]),
    })
    parent = blockHash
  })
  return out
}

export const demoCampaign: PublicCampaign = {
  id: 7,
  slug: 'riverside-2027',
  title: 'Riverside 2027',
  stage: 'voting',
  votingOpensAt: '2027-03-01T06:00:00Z',
  votingClosesAt: '2027-03-15T18:00:00Z',
  registrarPublicKey: '',
  pots: [
    {
      id: 1,
      name: 'City-wide',
      budget: 500000,
      rule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
    },
  ],
  projects: [
    { id: 12, title: 'Benches', cost: 120000, potId: 1 },
    { id: 13, title: 'Trees', cost: 200000, potId: 1 },
    { id: 15, title: 'Lights', cost: 90000, potId: 1 },
  ],
}

export interface Voted {
  ballotBytes: Uint8Array
  signature: Uint8Array
  txBytes: Uint8Array
  voterSecretKey: Uint8Array
  voterKey: Uint8Array
  credential: string
}

/** A full honest vote through the library: key, blind credential, ballot, signature, tx. */
export function castBallot(
  registrar: { secretKey: string; publicKey: string },
  campaignId: number,
  choices: BallotChoice[]
): Voted {
  const { secretKey, publicKey } = generateVoterKey()
  const { blinded, r } = blind(campaignId, publicKey)
  const credential = unblind(signBlinded(registrar.secretKey, blinded), r)
  const ballotBytes = encodeBallot({ campaignId, choices, voterKey: publicKey, credential })
  const signature = signBallot(secretKey, ballotBytes)
  return {
    ballotBytes,
    signature,
    txBytes: ballotTx(ballotBytes, signature),
    voterSecretKey: secretKey,
    voterKey: publicKey,
    credential,
  }
}

export interface ReceiptFixture {
  chain: FakeChain
  registrar: { secretKey: string; publicKey: string }
  vote: Voted
  receipt: Receipt
  txs: Uint8Array[]
  headerBytes: Uint8Array
}

/** A committed block of `size` txs (ours at `index`) with a 3-of-4 commit certificate. */
export function receiptFixture(size = 5, index = 2, signers = [0, 1, 3]): ReceiptFixture {
  const chain = fakeChain()
  const registrar = generateRegistrarKey()
  const vote = castBallot(registrar, 7, [
    { projectId: 15, weight: 1 },
    { projectId: 12, weight: 1 },
  ])
  const txs: Uint8Array[] = []
  for (let i = 0; i < size; i++) {
    txs.push(
      i === index ? vote.txBytes : cborEncode([1, 'support', 7, i, new Uint8Array(randomBytes(32))])
    )
  }
  const headerBytes = encodeHeader({
    chainId: chain.genesis.chainId,
    height: 42,
    view: 44,
    parentHash: sha256(new Uint8Array([1])),
    justifyQcHash: sha256(new Uint8Array([2])),
    txRoot: merkleRoot(txs),
    txCount: txs.length,
    stateRoot: sha256(new Uint8Array([3])),
    timestampMs: 1_805_000_000_000,
    proposer: 2,
  })
  const commit = commitBy(chain, blockHashOf(headerBytes), signers)
  const receipt = makeReceipt({ txs, index, headerBytes, commit })
  return { chain, registrar, vote, receipt, txs, headerBytes }
}
