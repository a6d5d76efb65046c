/*
| Routes of the decryption (app/trustees/README.md "Decryption"): the trustee API (bearer invite
| token) and the public account of a campaign's decryption.
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'

const TrusteeSharesController = () =>
  import('#trustees/decryption/controllers/trustee_shares_controller')
const DecryptionStatusController = () =>
  import('#trustees/decryption/controllers/decryption_status_controller')

router
  .get('/api/v1/trustee/ballots', [TrusteeSharesController, 'ballots'])
  .as('api.v1.trustee.ballots')
router
  .post('/api/v1/trustee/shares', [TrusteeSharesController, 'shares'])
  .as('api.v1.trustee.shares')
router
  .get('/api/v1/campaigns/:id/decryption', [DecryptionStatusController, 'show'])
  .as('api.v1.campaigns.decryption')
  .where('id', ROW_ID_MATCHER)
