import { KINDS } from '../../servers/kinds';

/** LM Studio's user-facing server port; the SDK's WebSockets share it with the REST API. */
export const DEFAULT_LMSTUDIO_NATIVE_URL = KINDS['lmstudio-native'].defaultUrl;

/** What to do when nothing answers at the address (server off, wrong port, CORS off). */
export const START_SERVER_HINT =
  'Start the server in LM Studio (Developer tab → Start server, or `lms server start --cors`). ' +
  'From a browser the server must also allow other origins: turn on "Enable CORS" in the server ' +
  'settings (or start it with `--cors`). Check the address and port.';

export const NO_MODEL_LOADED_MESSAGE = 'No model is loaded in LM Studio: load one or pick a model.';

export const NO_MODEL_LOADED_HINT =
  'Load a model in LM Studio (or `lms load <model>`), or pick a downloaded model so that LM Studio loads it.';

export const UNKNOWN_MODEL_HINT =
  'Pick one of the downloaded models (`lms ls` lists them), or leave the model unset to use the loaded one.';

export const AUTH_HINT =
  'LM Studio refused this client. If the server requires API tokens, turn that off in the server ' +
  'settings: the @lmstudio/sdk 1.5 client Brook uses cannot send a token.';

/** An upgrade answered 404 (or another non-auth status): something else listens at the address. */
export const WRONG_SERVER_HINT =
  "Something other than LM Studio's native API answered at this address. Check the address and " +
  'port (LM Studio uses 1234 unless you changed it).';
