/**
 * Where the local server mounts the YouTube simulator, and the Google settings that point
 * Sluice at it. The client id and secret are fixed, not secret: the simulator checks them
 * only so that the real client code sends credentials the way it must against Google.
 */
export const SIMULATOR_MOUNT = '/__sim/google/';
/** Where the simulator's consent page sends the browser back with `?code=…`. */
export const OAUTH_CALLBACK_PATH = '/__dev/oauth/youtube/callback';

export const SIMULATOR_CLIENT_ID = 'sluice-local-simulator.apps.googleusercontent.com';
export const SIMULATOR_CLIENT_SECRET = 'sluice-local-simulator-client-secret';

/** The environment entries (DESIGN.md, Contracts) that route every Google call to `baseUrl`'s simulator. */
export function googleSimulatorEnv(baseUrl: string): Record<string, string> {
  const root = `${baseUrl}${SIMULATOR_MOUNT}`;
  return {
    GOOGLE_CLIENT_ID: SIMULATOR_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: SIMULATOR_CLIENT_SECRET,
    GOOGLE_REDIRECT_URI: `${baseUrl}${OAUTH_CALLBACK_PATH}`,
    GOOGLE_OAUTH_TOKEN_URL: `${root}token`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${root}o/oauth2/v2/auth`,
    YOUTUBE_ANALYTICS_ROOT_URL: root,
    YOUTUBE_DATA_ROOT_URL: root,
  };
}
