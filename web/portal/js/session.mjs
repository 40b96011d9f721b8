/**
 * The signed-in staff member's credentials and the signed API client.
 *
 * Credentials live in sessionStorage only: they go when the tab closes or on sign-out, and are
 * never written to localStorage. Every request is SigV4-signed in the browser by aws4fetch
 * (service execute-api, region ap-southeast-3); nothing here computes a signature itself.
 *
 * Where the API sits behind CloudFront (template.yaml's WebDistribution), API Gateway checks the
 * signature against its own host and stage path (CloudFront forwards every header but Host, and
 * adds the stage as the origin path). `signing_base` in /portal/config.json is then the API's
 * own URL (the stack's ApiUrl output): the request is signed for that URL and sent to the same
 * path on the page's origin. Empty (locally): signed for the address it is sent to.
 */

import { createApi } from "../../shared/api.mjs";
import { AwsClient } from "../../vendor/aws4fetch.mjs";

export const REGION = "ap-southeast-3";
export const SERVICE = "execute-api";
const STORAGE_KEY = "antrean.portal.credentials";

/** The credentials of this tab's session, or null. */
export function storedCredentials() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    return stored?.accessKeyId && stored?.secretAccessKey ? stored : null;
  } catch {
    return null;
  }
}

export function rememberCredentials(credentials) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export function forgetCredentials() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** /portal/config.json: where to sign for (see above). */
export async function loadSettings() {
  const response = await fetch("/portal/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/portal/config.json: HTTP ${response.status}`);
  const settings = await response.json();
  return { signingBase: String(settings.signing_base ?? "").replace(/\/+$/, "") };
}

/**
 * A signed client: `api` (JSON, errors as ApiError, from shared/api.mjs) and `fetch` (the raw
 * signed fetch, for the CSV report).
 */
export function signedClient({ accessKeyId, secretAccessKey, sessionToken }, { signingBase }) {
  const aws = new AwsClient({
    accessKeyId,
    secretAccessKey,
    sessionToken: sessionToken || undefined,
    service: SERVICE,
    region: REGION,
    retries: 0, // a refused or failed request is reported, not silently sent again
  });

  async function signedFetch(url, init = {}) {
    const target = new URL(url, location.href);
    const signFor = signingBase ? `${signingBase}${target.pathname}${target.search}` : target.href;
    const signed = await aws.sign(signFor, { method: init.method ?? "GET", headers: init.headers, body: init.body });
    return fetch(target.href, {
      method: signed.method,
      headers: signed.headers,
      body: init.body,
      signal: init.signal,
      cache: "no-store",
      credentials: "omit",
    });
  }

  return { api: createApi({ fetch: signedFetch }), fetch: signedFetch };
}

/** The public (unsigned) API: the office's name, services and time zone. */
export const publicApi = createApi();
