export { default } from '#outcomes/commands/pabulib_export'
