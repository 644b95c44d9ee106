/**
 * What the composer needs once a file is first attached, loaded then (not on the first page):
 * the tray of attached files and its view.
 */
export { AttachmentTray } from './attachment-tray.svelte';
export { default as ComposerAttachments } from './ComposerAttachments.svelte';
