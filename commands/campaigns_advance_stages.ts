export { default } from '#campaigns/commands/advance_stages'
