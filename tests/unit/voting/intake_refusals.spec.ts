import { test } from '@japa/runner'
import { freesVoterKey, refusalForRejection, refusalForStoredReason } from '#voting/intake/refusals'

/* The replicas' rejections (typed, or stored as their one-line text) → protocol.md answers. */
test.group('Ballot intake / ledger reasons', () => {
  test('each reason maps to its protocol.md status and code', ({ assert }) => {
    const cases: [string, number, string][] = [
      ['invalid_signature', 422, 'invalid_signature'],
      ['invalid_credential', 422, 'invalid_credential'],
      ['rule_violation: pot 3: too_many', 422, 'rule_violation'],
      ['malformed: choices not sorted', 422, 'validation_failed'],
      ['duplicate_voter', 409, 'duplicate_voter'],
      ['voting_closed', 409, 'voting_closed'],
      ['voting_not_open', 409, 'voting_closed'],
      ['unknown_campaign', 409, 'voting_closed'],
      ['something new', 422, 'validation_failed'],
    ]
    for (const [reason, status, code] of cases) {
      const answer = refusalForStoredReason(reason)
      assert.deepInclude(answer, { status, code }, reason)
      assert.deepEqual(answer.details, { ledgerReason: reason })
    }
  })

  test('a typed rejection maps on its code alone', ({ assert }) => {
    const answer = refusalForRejection({ code: 'duplicate_voter', detail: 'voter key reused' })
    assert.deepInclude(answer, { status: 409, code: 'duplicate_voter' })
    assert.deepEqual(answer.details, { ledgerReason: 'duplicate_voter: voter key reused' })
    assert.deepInclude(refusalForRejection({ code: 'rejected', detail: 'mempool full' }), {
      status: 422,
      code: 'validation_failed',
    })
  })

  test('encrypted-ballot reasons keep their code, as text or as a typed code', ({ assert }) => {
    for (const code of [
      'invalid_proof',
      'wrong_length',
      'encrypted_campaign',
      'not_encrypted_campaign',
    ]) {
      const stored = refusalForStoredReason(`${code}: ballot 3`)
      assert.deepInclude(stored, { status: 422, code }, code)
      assert.deepEqual(stored.details, { ledgerReason: `${code}: ballot 3` })
      // A replica that sends it as a typed code (once the protocol lists it) maps the same way.
      const typed = refusalForRejection({ code: code as any, detail: '' })
      assert.deepInclude(typed, { status: 422, code }, code)
      assert.isTrue(freesVoterKey(code))
    }
    // A reason that is not one of ours (an older replica's "not supported"): validation_failed.
    assert.deepInclude(refusalForStoredReason('not_supported: encrypted ballots'), {
      status: 422,
      code: 'validation_failed',
    })
  })

  test('only a duplicate keeps the voter key used', ({ assert }) => {
    assert.isFalse(freesVoterKey('duplicate_voter'))
    assert.isTrue(freesVoterKey('invalid_credential'))
    assert.isTrue(freesVoterKey('voting_closed'))
  })
})
