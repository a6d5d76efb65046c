export { default } from '#voting/commands/create_terminal'
