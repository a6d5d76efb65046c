import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PbApp } from '../../src/app/pb/app.js';
import { makeAdmin, makeRegistrar, demoCampaign, campaignTx, recordTx, paperBatchTx, } from '../../src/app/pb/fixtures.js';
import { decodePbTx, ed25519Sign, encodePaperBatch, encodePaperBatchTx, encodeRecordTx, paperBatchApprovalMessage, paperBatchOperatorMessage, recordSigningMessage, } from '../../src/app/pb/codec.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { ZERO_HASH } from '../../src/crypto/hash.js';
const OPENS = 10_000;
const ctx = (h, timestampMs = OPENS + 1000 * h) => ({
    chainId: 'c',
    height: h,
    timestampMs,
});
/** A record tx over an arbitrary payload value (for shape errors the typed builder cannot produce). */
function rawRecordTx(admin, kind, payload) {
    const bytes = payload instanceof Uint8Array ? payload : encodeCbor(payload);
    const sig = ed25519Sign(admin.seed, recordSigningMessage(kind, bytes));
    return encodeRecordTx(kind, bytes, admin.publicKey, sig);
}
const support = (over = {}) => ({
    kind: 'support',
    campaignId: 99, // supports precede the campaign tx: no registration needed
    ideaId: 3,
    supporterHash: new Uint8Array(32).fill(7),
    atMs: 1_700_000_000_000,
    action: 'sign',
    ...over,
});
const issued = (total, communities) => ({
    kind: 'credentials-issued',
    campaignId: 7,
    asOfMs: 1_700_000_000_000 + total,
    total,
    communities: communities.map(([communityId, t]) => ({ communityId, total: t })),
});
function batch(batchNo, sheets, station = 'Школа №5') {
    return {
        campaignId: 7,
        station,
        batchNo,
        sheets: sheets.map(([sheetNo, ch]) => ({
            sheetNo,
            choices: ch.map(([projectId, weight]) => ({ projectId, weight })),
        })),
    };
}
function setup() {
    const admin = makeAdmin();
    const operator = makeAdmin();
    const reg = makeRegistrar();
    const app = new PbApp({ admins: [admin.publicKey] });
    const g = app.genesisState();
    const e1 = app.beginBlock(g, ZERO_HASH, ctx(1));
    assert.equal(e1.deliverTx(campaignTx(admin, demoCampaign(7, reg.pk, OPENS))).ok, true);
    const f1 = e1.finish();
    const ops1 = app.commit(f1.state);
    return { admin, operator, app, f1, ops1 };
}
function reasons(outs) {
    return outs.map((o) => (o.ok ? 'ok' : o.reason));
}
test('pb records: valid records commit; each malformed or unauthorized one is rejected alone', () => {
    const { admin, app, f1 } = setup();
    const outsider = makeAdmin();
    const good = [
        recordTx(admin, support()),
        recordTx(admin, support({ action: 'withdraw', atMs: 1_700_000_000_500 })),
        recordTx(admin, {
            kind: 'attachment',
            campaignId: 99,
            ideaId: 3,
            sha256: new Uint8Array(32).fill(1),
            byteSize: 12345,
            mediaType: 'application/pdf',
        }),
        recordTx(admin, issued(10, [
            [1, 4],
            [2, 5],
        ])),
        recordTx(admin, {
            kind: 'outcome',
            campaignId: 7,
            rule: 'greedy',
            tallyHash: new Uint8Array(32).fill(9),
            winners: [
                { potId: 1, projectIds: [11, 13] },
                { potId: 2, projectIds: [21] },
            ],
            override: '',
        }),
    ];
    const supportBytes = encodeCbor([1, 5, 3, new Uint8Array(32), 1, 'sign']);
    const nonCanonical = new Uint8Array([
        ...supportBytes.subarray(0, 2),
        0x18,
        5,
        ...supportBytes.subarray(3),
    ]);
    const badSig = recordTx(admin, support({ ideaId: 4 }));
    badSig[badSig.length - 3] ^= 1;
    const bad = [
        rawRecordTx(admin, 'support', [1, 5, 3, new Uint8Array(32), 1, 'maybe']),
        rawRecordTx(admin, 'support', [1, 5, 3, new Uint8Array(31), 1, 'sign']),
        rawRecordTx(admin, 'support', [1, 5, 3, new Uint8Array(32), 1]),
        rawRecordTx(admin, 'support', nonCanonical),
        rawRecordTx(admin, 'attachment', [1, 5, 3, new Uint8Array(32), 10, 'x'.repeat(128)]),
        rawRecordTx(admin, 'attachment', [1, 5, 3, new Uint8Array(32), 10, 'é'.repeat(64)]),
        rawRecordTx(admin, 'credentials-issued', [
            1,
            7,
            1,
            5,
            [
                [2, 1],
                [1, 1],
            ],
        ]),
        rawRecordTx(admin, 'credentials-issued', [
            1,
            7,
            1,
            5,
            [
                [1, 3],
                [2, 3],
            ],
        ]),
        rawRecordTx(admin, 'outcome', [1, 7, 'greedy', new Uint8Array(32), [[1, [13, 11]]], '']),
        rawRecordTx(admin, 'outcome', [2, 7, 'greedy', new Uint8Array(32), [], '']),
        recordTx(outsider, support()),
        badSig,
        recordTx(admin, {
            kind: 'outcome',
            campaignId: 8,
            rule: 'greedy',
            tallyHash: new Uint8Array(32),
            winners: [],
            override: 'by council decision',
        }),
    ];
    const e2 = app.beginBlock(f1.state, f1.stateRoot, ctx(2));
    // good and bad interleaved: every bad one fails alone, every good one still commits
    const outs = bad.flatMap((b, i) => [
        e2.deliverTx(b),
        ...(good[i] ? [e2.deliverTx(good[i])] : []),
    ]);
    const got = reasons(outs);
    assert.deepEqual(got.filter((r) => r === 'ok').length, good.length, `every valid record commits: ${got.join(' | ')}`);
    const rejected = got.filter((r) => r !== 'ok');
    assert.deepEqual(rejected.map((r) => r.replace(/:.*/, '')), [
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'malformed',
        'unauthorized',
        'invalid_signature',
        'unknown_campaign',
    ]);
    assert.match(rejected[0], /^malformed: support\.action: expected "sign" or "withdraw"$/);
    assert.match(rejected[1], /supporterHash/);
    assert.match(rejected[3], /more bytes than necessary/); // one byte form only
    assert.match(rejected[5], /mediaType: expected 1\.\.127 bytes/);
    assert.match(rejected[6], /communities must be ascending/);
    assert.match(rejected[7], /communities sum to 6, more than total 5/);
    assert.match(rejected[8], /projects must be ascending/);
    assert.match(rejected[9], /unsupported version/);
    const f2 = e2.finish();
    assert.equal(f2.results.length, good.length); // one result per accepted tx
    app.commit(f2.state);
    assert.deepEqual(app.committedIssued(7), {
        asOfMs: 1_700_000_000_010,
        total: 10,
        communities: new Map([
            [1, 4],
            [2, 5],
        ]),
    });
});
test('pb records: credentials-issued totals never decrease, per campaign and per community', () => {
    const { admin, app, f1 } = setup();
    const e2 = app.beginBlock(f1.state, f1.stateRoot, ctx(2));
    const outs = [
        recordTx(admin, issued(10, [
            [1, 4],
            [2, 5],
        ])),
        recordTx(admin, issued(9, [
            [1, 4],
            [2, 5],
        ])), // campaign total decreases
        recordTx(admin, issued(12, [
            [1, 3],
            [2, 6],
        ])), // community 1 decreases
        recordTx(admin, issued(12, [[2, 6]])), // community 1 disappears
        recordTx(admin, issued(12, [
            [1, 4],
            [2, 6],
            [3, 1],
        ])), // grows, new community: fine
    ].map((t) => e2.deliverTx(t));
    assert.deepEqual(reasons(outs), [
        'ok',
        'total_decreased: total 9 < 10',
        'total_decreased: community 1 3 < 4',
        'total_decreased: community 1 missing < 4',
        'ok',
    ]);
    const f2 = e2.finish();
    app.commit(f2.state);
    // admission answers early against the committed state
    assert.equal(app.precheck(recordTx(admin, issued(11, [
        [1, 4],
        [2, 6],
        [3, 1],
    ])), 0), 'total_decreased: total 11 < 12');
    assert.equal(app.precheck(recordTx(admin, issued(12, [
        [1, 4],
        [2, 6],
        [3, 1],
    ])), 0), null);
});
test('pb paper-batch: signatures, campaign, time, rules per sheet, duplicates; tallies count paper', () => {
    const { admin, operator, app, f1, ops1 } = setup();
    const outsider = makeAdmin();
    const good = batch(1, [
        [
            1,
            [
                [11, 1],
                [13, 1],
            ],
        ],
        [
            2,
            [
                [12, 1],
                [22, 1],
                [31, 3],
            ],
        ],
        [5, [[11, 1]]],
    ]);
    const goodTx = paperBatchTx(admin, operator, good);
    const decoded = decodePbTx(goodTx);
    assert.equal(decoded.kind, 'paper-batch');
    const bytes = encodePaperBatch(batch(2, [[1, [[11, 1]]]]));
    const opSig = ed25519Sign(operator.seed, paperBatchOperatorMessage(bytes));
    const adSig = ed25519Sign(admin.seed, paperBatchApprovalMessage(bytes, operator.publicKey));
    const flip = (s) => {
        const c = Uint8Array.from(s);
        c[0] ^= 1;
        return c;
    };
    const badOperatorSig = encodePaperBatchTx(bytes, operator.publicKey, flip(opSig), admin.publicKey, adSig);
    const badAdminSig = encodePaperBatchTx(bytes, operator.publicKey, opSig, admin.publicKey, flip(adSig));
    // the approval binds the operator key: an approval for another operator does not carry over
    const swappedOperator = encodePaperBatchTx(bytes, outsider.publicKey, ed25519Sign(outsider.seed, paperBatchOperatorMessage(bytes)), admin.publicKey, adSig);
    const unsortedSheets = encodeCbor([
        1,
        7,
        'S',
        3,
        [
            [2, [[11, 1]]],
            [1, [[11, 1]]],
        ],
    ]);
    const unsorted = encodePaperBatchTx(unsortedSheets, operator.publicKey, ed25519Sign(operator.seed, paperBatchOperatorMessage(unsortedSheets)), admin.publicKey, ed25519Sign(admin.seed, paperBatchApprovalMessage(unsortedSheets, operator.publicKey)));
    const cases = [
        ['ok', goodTx],
        ['invalid_signature', badOperatorSig],
        ['invalid_signature', badAdminSig],
        ['invalid_signature', swappedOperator],
        [
            'unauthorized: not an admin key',
            paperBatchTx(outsider, operator, batch(4, [[1, [[11, 1]]]])),
        ],
        [
            'unknown_campaign',
            paperBatchTx(admin, operator, { ...batch(5, [[1, [[11, 1]]]]), campaignId: 8 }),
        ],
        // sheet 2 gives 4 selections in pot 1 (max 3): the whole batch fails, naming the sheet
        [
            'rule_violation: sheet 2: pot 1: too_many (max 3, actual 4)',
            paperBatchTx(admin, operator, batch(6, [
                [1, [[11, 1]]],
                [
                    2,
                    [
                        [11, 1],
                        [12, 1],
                        [13, 1],
                        [14, 1],
                    ],
                ],
            ])),
        ],
        ['rule_violation: sheet 1: empty ballot', paperBatchTx(admin, operator, batch(7, [[1, []]]))],
        [
            'rule_violation: sheet 1: unknown_project (projectId 99)',
            paperBatchTx(admin, operator, batch(8, [[1, [[99, 1]]]])),
        ],
        ['malformed: paper-batch.sheets must be ascending without repeats', unsorted],
        ['malformed: paper-batch: 1..10000 sheets', paperBatchTx(admin, operator, batch(9, []))],
        ['duplicate_batch', paperBatchTx(admin, operator, batch(1, [[9, [[12, 1]]]]))],
        ['ok', paperBatchTx(admin, operator, batch(1, [[1, [[12, 1]]]], 'Школа №6'))], // other station, same no
    ];
    const e2 = app.beginBlock(f1.state, f1.stateRoot, ctx(2));
    assert.deepEqual(cases.map(([, tx]) => reasons([e2.deliverTx(tx)])[0]), cases.map(([r]) => r));
    const f2 = e2.finish();
    const ops = [...ops1, ...app.commit(f2.state)];
    const t = app.committedTally(7);
    assert.equal(t.ballots, 4);
    assert.equal(t.paperBallots, 4);
    assert.deepEqual(t.projects.get(11), { votes: 2, points: 2 });
    assert.deepEqual(t.projects.get(31), { votes: 1, points: 3 });
    assert.equal(t.pots.get(1), 4);
    assert.equal(t.pots.get(2), 1);
    // committed batch: a repeat is refused at admission, identical bytes are a safe retry
    assert.equal(app.precheck(paperBatchTx(admin, operator, batch(1, [[3, [[12, 1]]]])), 0), 'duplicate_batch');
    assert.equal(app.precheck(goodTx, 0), null);
    // restore from the persisted entries keeps batches and paper counts
    const app2 = new PbApp({ admins: [admin.publicKey] });
    app2.restore(ops.flatMap((o) => (o.kind === 'putApp' && o.value ? [[o.key, o.value]] : [])));
    assert.equal(app2.committedTally(7).paperBallots, 4);
    assert.equal(app2.precheck(paperBatchTx(admin, operator, batch(1, [[3, [[12, 1]]]])), 0), 'duplicate_batch');
});
test('pb paper-batch: not before voting opens, accepted after it closes', () => {
    const { admin, operator, app, f1 } = setup();
    const early = app.beginBlock(f1.state, f1.stateRoot, ctx(2, OPENS - 1));
    assert.deepEqual(early.deliverTx(paperBatchTx(admin, operator, batch(1, [[1, [[11, 1]]]]))), {
        ok: false,
        reason: 'voting_not_open',
    });
    const late = app.beginBlock(f1.state, f1.stateRoot, ctx(2, 4_102_444_800_000 + 1));
    assert.equal(late.deliverTx(paperBatchTx(admin, operator, batch(1, [[1, [[11, 1]]]]))).ok, true);
});
test('pb records and batches: the stateRoot is the same on every replica', () => {
    const admin = makeAdmin();
    const operator = makeAdmin();
    const reg = makeRegistrar();
    const txs = [
        campaignTx(admin, demoCampaign(7, reg.pk, OPENS)),
        recordTx(admin, support()),
        recordTx(admin, issued(3, [[1, 3]])),
        paperBatchTx(admin, operator, batch(1, [
            [1, [[11, 1]]],
            [2, [[12, 1]]],
        ])),
    ];
    const roots = [0, 1].map(() => {
        const app = new PbApp({ admins: [admin.publicKey] });
        const e = app.beginBlock(app.genesisState(), ZERO_HASH, ctx(1));
        for (const tx of txs)
            assert.equal(e.deliverTx(tx).ok, true);
        return Buffer.from(e.finish().stateRoot).toString('hex');
    });
    assert.equal(roots[0], roots[1]);
});
test('pb: a tally persisted before paper batches existed (3 elements) restores with 0 paper ballots', () => {
    const app = new PbApp({ admins: [] });
    const enc = new TextEncoder();
    app.restore([
        [enc.encode('meta/height'), encodeCbor(4)],
        [enc.encode('t/7'), encodeCbor([2, [[11, 2, 2]], [[1, 2]]])],
    ]);
    assert.deepEqual(app.committedTally(7).paperBallots, 0);
    assert.equal(app.committedTally(7).ballots, 2);
});
//# sourceMappingURL=pb_records.test.js.map