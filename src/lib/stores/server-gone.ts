import type { MessageError } from '../vocabulary/records';
import type { ServerId } from '../servers/server';
import type { AppSettings } from './settings-parse';

/** Why a chat cannot reach its server: it was removed, or never set up here (an imported chat). */
export function serverGoneError(settings: AppSettings, server: ServerId): MessageError {
  const removed = settings.removedServers[server];
  return {
    kind: 'connection',
    message: removed
      ? `This chat’s server, “${removed.name}”, was removed from Settings. Its messages are kept.`
      : 'This chat’s server is not set up in this browser. Its messages are kept.',
    hint: 'Pick another server in the header to go on with this chat, or add one in Settings → Servers.',
  };
}
