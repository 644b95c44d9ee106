/** App-wide settings as stored (localStorage): the server registry, choices, defaults, theme. */
import type { ConversationSettings } from './records';
import type { KeyStorage, ServerConfig, ServerId, ServerKind } from './servers';

export type { KeyStorage };

export type ThemeChoice = 'system' | 'light' | 'dark';
/** A server taken out of Settings: its conversations keep its id, and say which server is gone. */
export interface RemovedServer {
  name: string;
  kind: ServerKind;
}

export interface AppSettings {
  /** The configured servers, in the user's order. */
  servers: ServerConfig[];
  removedServers: Record<ServerId, RemovedServer>;
  /** Server and model of the last conversation a user set up: new conversations start with them. */
  defaultServer: ServerId | undefined;
  defaultModels: Record<ServerId, string>;
  defaultConversationSettings: ConversationSettings;
  theme: ThemeChoice;
  /** Brook has looked for servers on their documented ports (it does so once, on first start). */
  discoveryDone: boolean;
}
