import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notices are sent at most once: a row is `sending` (committed) before the gateway is asked, so a
 * sender that dies before it learns the answer leaves the row `sending` — never claimed again —
 * instead of `queued` with a lease that would send it a second time.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `ALTER TABLE resident_notices DROP CONSTRAINT resident_notices_status;
       ALTER TABLE resident_notices ADD CONSTRAINT resident_notices_status
         CHECK (status IN ('queued', 'sending', 'sent', 'skipped', 'failed'))`
    )
  }

  async down() {
    this.schema.raw(
      `UPDATE resident_notices SET status = 'failed' WHERE status = 'sending';
       ALTER TABLE resident_notices DROP CONSTRAINT resident_notices_status;
       ALTER TABLE resident_notices ADD CONSTRAINT resident_notices_status
         CHECK (status IN ('queued', 'sent', 'skipped', 'failed'))`
    )
  }
}
