/**
 * Runtime settings. The same build runs in every practice's stack and on laptops, so nothing environment-specific
 * is compiled in: `/config.json` is written at deploy time (and served by the local runtime).
 */
export interface RuntimeConfig {
  apiBase: string;
  cognito: { region: string; userPoolId: string; userPoolClientId: string; endpoint?: string };
}

let pending: Promise<RuntimeConfig> | null = null;

export function loadConfig(): Promise<RuntimeConfig> {
  pending ??= fetch('/config.json', { headers: { Accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`config.json answered ${response.status}`);
      const config = (await response.json()) as RuntimeConfig;
      return { ...config, apiBase: config.apiBase.replace(/\/$/, '') };
    })
    .catch((error: unknown) => {
      pending = null; // let the next call try again (e.g. the gateway was still starting)
      throw error;
    });
  return pending;
}

/** The Cognito IdP endpoint: given by config.json (cognito-local's URL locally), else the regional AWS one. */
export function cognitoEndpoint(config: RuntimeConfig): string {
  return config.cognito.endpoint || `https://cognito-idp.${config.cognito.region}.amazonaws.com/`;
}
