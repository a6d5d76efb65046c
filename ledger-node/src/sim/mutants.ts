/**
 * Known-bad variants of the consensus core for `ledger-node mutants` (cli/mutants.ts). Each patches the
 * COMPILED files under dist/src (no tsc per mutant): every `find` must occur exactly once, so a
 * refactor that moves the code fails the suite loudly instead of silently testing nothing. `args` are
 * the simulator flags (seeds, faults, adversaries) that must find a violation in it.
 */
export interface Patch {
  /** Path under dist/src. */
  readonly file: string
  readonly find: string
  readonly replace: string
}

export interface Mutant {
  readonly name: string
  /** The defence the mutant removes. */
  readonly removes: string
  readonly patches: readonly Patch[]
  readonly args: readonly string[]
}

const RULES = 'consensus/rules.js'
const REPLICA = 'consensus/replica.js'
const SAFETY = 'consensus/safety_rules.js'
const CERTS = 'consensus/cert_verifier.js'

const allFaults = (seeds: string, ...extra: string[]): string[] => [
  '--seeds',
  seeds,
  '--faults',
  'all',
  ...extra,
]

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'voter-tc-lock',
    removes: "the voter's TC lock (justify view ≥ the TC's high-QC views)",
    patches: [
      {
        file: RULES,
        find: 'return x.justifyView >= Math.max(...x.tc.highQcViews);',
        replace: 'return true;',
      },
    ],
    args: allFaults('1..100', '--adversary', 'stale-qc'),
  },
  {
    name: 'leader-tc-guard',
    removes: "the leader's guard: fetch the TC's highest QC before proposing on a lower one",
    patches: [
      {
        file: REPLICA,
        find: 'if (!viaQc && this.highTc !== null && this.highQc.view < Math.max(...this.highTc.highQcViews)) {',
        replace: 'if (false) {',
      },
    ],
    args: allFaults('1..1000', '--adversary', 'withhold-qc'),
  },
  {
    name: 'commit-non-consecutive',
    removes: 'the two-chain commit rule on consecutive views',
    patches: [
      {
        file: RULES,
        find: 'return certifiedView === parentView + 1;',
        replace: 'return certifiedView > parentView;',
      },
    ],
    args: allFaults('1..200'),
  },
  {
    name: 'forget-last-voted-view',
    removes: 'the last voted view restored from the safety record on restart',
    patches: [
      {
        file: SAFETY,
        find: 'this.data = record;',
        replace: 'this.data = { ...record, lastVotedView: 0, highestTimeoutView: 0 };',
      },
    ],
    args: allFaults('1..200', '--adversary', 'equivocate'),
  },
  {
    name: 'safety-record-unsynced',
    removes: 'fsync of the safety record before a vote or timeout leaves',
    patches: [
      {
        file: REPLICA,
        find: "batch: { ops: [...withOps, { kind: 'putSafety', record }], sync: true },",
        replace: "batch: { ops: [...withOps, { kind: 'putSafety', record }], sync: false },",
      },
    ],
    args: allFaults('1..200', '--adversary', 'equivocate'),
  },
  {
    name: 'qc-signature-unchecked',
    removes: "verification of a QC's aggregate signature",
    patches: [
      {
        file: CERTS,
        find: 'return this.remember(key, this.crypto.verifyAggregate(qc.signers, msg, qc.sig));',
        replace: 'return this.remember(key, true);',
      },
    ],
    args: allFaults('1..100'),
  },
  {
    name: 'second-vote-in-view',
    removes: 'one vote per view (vote rule and its assertion)',
    patches: [
      {
        file: RULES,
        find: 'if (x.blockView <= x.lastVotedView || x.blockView <= x.highestTimeoutView)',
        replace: 'if (x.blockView < x.lastVotedView || x.blockView < x.highestTimeoutView)',
      },
      {
        file: SAFETY,
        find: 'if (v <= this.data.lastVotedView || v <= this.data.highestTimeoutView)',
        replace: 'if (v < this.data.lastVotedView || v < this.data.highestTimeoutView)',
      },
    ],
    args: allFaults('1..200', '--adversary', 'equivocate'),
  },
  {
    name: 'attack1-wrong-height-vote',
    removes: 'the height check of votes (issue #12, attack 1)',
    patches: [
      {
        file: REPLICA,
        find: 'if (voted.block.header.view !== v.view || voted.block.header.height !== v.height)',
        replace: 'if (voted.block.header.view !== v.view)',
      },
      {
        file: REPLICA,
        find: 'if (x.height === v.height && bytesEqual(x.blockHash, v.blockHash))',
        replace: 'if (bytesEqual(x.blockHash, v.blockHash))',
      },
    ],
    args: allFaults('1..20', '--adversary', 'wrong-height'),
  },
  {
    name: 'attack2-commit-sig-unchecked',
    removes: 'verification of a commit signature before it is pooled (issue #12, attack 2)',
    patches: [
      {
        file: REPLICA,
        find: 'if (!this.crypto.verify(m.signer, commitSigningMessage(m.blockHash), m.sig))',
        replace: 'if (false)',
      },
    ],
    args: allFaults('1..3', '--adversary', 'bad-sig', '--bls-every', '1'),
  },
  {
    name: 'attack3-far-future-proposals',
    removes: 'the view a proposal must have and eviction from a full tree (issue #12, attack 3)',
    patches: [
      { file: REPLICA, find: 'if (h.view !== opened)', replace: 'if (false)' },
      {
        file: REPLICA,
        find: 'if (victim === undefined || distance(victim.block.header.view) < distance(view))',
        replace: 'if (true)',
      },
    ],
    args: allFaults('1..20', '--adversary', 'far-future', '--tree-blocks', '48'),
  },
  {
    name: 'attack4-commit-sig-window',
    removes: 'the height window of pooled commit signatures (issue #12, attack 4)',
    patches: [
      {
        file: REPLICA,
        find: 'if (m.height > tipH + this.cfg.commitSigHeightsAheadMax)',
        replace: 'if (false)',
      },
    ],
    args: allFaults('1..20', '--adversary', 'commit-spam'),
  },
  {
    name: 'attack5-vote-window',
    removes: 'the view window of pooled votes (issue #12, attack 5)',
    patches: [
      {
        file: REPLICA,
        find: 'if (v.view > this.view + this.cfg.voteViewsAheadMax)',
        replace: 'if (false)',
      },
    ],
    args: allFaults('1..20', '--adversary', 'vote-flood'),
  },
  {
    name: 'attack6-sync-by-count-only',
    removes: 'the byte bound of sync responses (issue #12, attack 6)',
    patches: [
      {
        file: 'consensus/sync.js',
        find: 'return blocks === 0 || (blocks < batchMax && bytes + next <= bytesMax);',
        replace: 'return blocks === 0 || blocks < batchMax;',
      },
    ],
    args: allFaults('1..200'),
  },
]
