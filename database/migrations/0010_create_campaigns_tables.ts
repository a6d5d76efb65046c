import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Campaigns module: PB cycles, their pots (budget shares with ballot rules),
 * categories, the record of stage changes and census registers.
 * Translatable texts are JSONB objects `{en, ru, uk}`; amounts are bigint in
 * the currency's smallest unit. Census values are HMAC-SHA256 digests keyed
 * with APP_KEY: a raw phone number never reaches this table.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('campaigns', (table) => {
      table.increments('id')
      table
        .integer('community_id')
        .unsigned()
        .notNullable()
        .references('communities.id')
        .onDelete('RESTRICT')
      table.string('slug', 80).notNullable().unique()
      table.jsonb('title').notNullable()
      table.jsonb('description').notNullable()
      table.bigInteger('total_budget').notNullable()
      table.string('currency', 3).notNullable()
      table
        .enu(
          'stage',
          ['drafting', 'ideas', 'review', 'voting', 'results', 'implementation', 'finished'],
          { useNative: true, enumName: 'campaign_stage' }
        )
        .notNullable()
        .defaultTo('drafting')
      table.timestamp('ideas_opens_at', { useTz: true }).nullable()
      table.timestamp('review_opens_at', { useTz: true }).nullable()
      table.timestamp('voting_opens_at', { useTz: true }).nullable()
      table.timestamp('voting_closes_at', { useTz: true }).nullable()
      table.timestamp('implementation_opens_at', { useTz: true }).nullable()
      table.timestamp('finishes_at', { useTz: true }).nullable()
      table
        .enu('eligibility_mode', ['anyone', 'residents', 'census'], {
          useNative: true,
          enumName: 'campaign_eligibility_mode',
        })
        .notNullable()
        .defaultTo('anyone')
      table.smallint('min_age').nullable()
      table
        .enu('outcome_rule', ['greedy', 'equal_shares'], {
          useNative: true,
          enumName: 'campaign_outcome_rule',
        })
        .notNullable()
        .defaultTo('greedy')
      table.boolean('live_results_public').notNullable().defaultTo(true)
      table.integer('support_threshold').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['community_id'])
      table.index(['stage'])
    })
    this.schema.raw(
      `ALTER TABLE campaigns ADD CONSTRAINT campaigns_total_budget_positive CHECK (total_budget > 0),
       ADD CONSTRAINT campaigns_min_age_range CHECK (min_age IS NULL OR (min_age BETWEEN 0 AND 120)),
       ADD CONSTRAINT campaigns_support_threshold_nonnegative CHECK (support_threshold >= 0)`
    )

    this.schema.createTable('campaign_pots', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.jsonb('name').notNullable()
      table.bigInteger('budget').notNullable()
      table
        .enu('kind', ['size', 'district'], { useNative: true, enumName: 'campaign_pot_kind' })
        .notNullable()
        .defaultTo('size')
      table
        .integer('district_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('RESTRICT')
      table.jsonb('ballot_rule').notNullable()
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['campaign_id'])
    })
    this.schema.raw(
      `ALTER TABLE campaign_pots ADD CONSTRAINT campaign_pots_budget_positive CHECK (budget > 0),
       ADD CONSTRAINT campaign_pots_district_kind CHECK ((kind = 'district') = (district_id IS NOT NULL)),
       ADD CONSTRAINT campaign_pots_rule_kind CHECK (ballot_rule->>'kind' IN ('approval','knapsack','cumulative','ranked'))`
    )

    this.schema.createTable('campaign_categories', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.jsonb('name').notNullable()
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['campaign_id'])
    })

    this.schema.createTable('campaign_stage_changes', (table) => {
      table.bigIncrements('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.string('from_stage', 16).notNullable()
      table.string('to_stage', 16).notNullable()
      table.string('actor_type', 16).notNullable() // 'staff' | 'schedule'
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.text('reason').nullable()
      table.timestamp('changed_at', { useTz: true }).notNullable()
      table.index(['campaign_id', 'changed_at'])
    })

    this.schema.createTable('campaign_census_entries', (table) => {
      table.bigIncrements('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table
        .integer('district_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('RESTRICT')
      table
        .enu('kind', ['phone', 'id_hash'], { useNative: true, enumName: 'campaign_census_kind' })
        .notNullable()
      table.string('value_hash', 64).notNullable()
      table.timestamp('imported_at', { useTz: true }).notNullable()
      table.unique(['campaign_id', 'kind', 'value_hash'])
    })
  }

  async down() {
    for (const name of [
      'campaign_census_entries',
      'campaign_stage_changes',
      'campaign_categories',
      'campaign_pots',
      'campaigns',
    ]) {
      this.schema.dropTableIfExists(name)
    }
    for (const type of [
      'campaign_census_kind',
      'campaign_pot_kind',
      'campaign_outcome_rule',
      'campaign_eligibility_mode',
      'campaign_stage',
    ]) {
      this.schema.raw(`DROP TYPE IF EXISTS ${type}`)
    }
  }
}
