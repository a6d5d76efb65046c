export { default } from '#trustees/decryption/commands/trustees_decrypt'
