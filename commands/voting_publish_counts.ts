export { default } from '#voting/commands/publish_counts'
