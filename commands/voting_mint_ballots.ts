export { default } from '#voting/commands/mint_ballots'
