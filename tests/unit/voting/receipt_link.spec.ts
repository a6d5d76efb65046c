import { test } from '@japa/runner'
import {
  checkLink,
  receiptFromParam,
  receiptParamOf,
} from '../../../resources/js/lib/voting/receipt_link.js'

/*
| Check links carry the receipt in the URL fragment, which browsers never send to a server; old
| links with `?r=` are still understood (the check page then moves them into the fragment).
*/
test.group('Voting · check-my-ballot links', () => {
  const receipt = { txHash: 'ab'.repeat(32), height: 7, proof: ['+/=?&#'] }

  test('the link puts the receipt in the fragment, never in the query', ({ assert }) => {
    const link = new URL(checkLink(receipt), 'https://city.example')
    assert.equal(link.pathname, '/check')
    assert.equal(link.search, '')
    const found = receiptParamOf(link)
    assert.deepEqual(found && { ...found, receipt: receiptFromParam(found.param) }, {
      param: found!.param,
      legacy: false,
      receipt,
    })
  })

  test('an old ?r= link is recognised as legacy; the fragment wins when both are there', ({
    assert,
  }) => {
    const param = checkLink(receipt).split('#r=')[1]
    assert.deepEqual(receiptParamOf({ hash: '', search: `?r=${param}` }), { param, legacy: true })
    assert.deepEqual(receiptParamOf({ hash: `#r=${param}`, search: '?r=other' }), {
      param,
      legacy: false,
    })
    assert.isNull(receiptParamOf({ hash: '#top', search: '?lang=ru' }))
    assert.isNull(receiptFromParam('not base64 json'))
  })
})
