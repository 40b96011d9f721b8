/**
 * The signed-in staff member's session: the user pool's session (auth/cognito.mjs), the identity
 * pool's temporary credentials (auth/identity.mjs), and the API client that signs every call with
 * them (aws4fetch, session token included; nothing here computes a signature itself).
 *
 * The credentials are kept in memory only: a reload of the tab gets new ones from the user pool's
 * tokens (sessionStorage, see auth/cognito.mjs). They are renewed before they expire while the
 * portal is open (the refresh token gives a new id token, the identity pool new credentials), and
 * a call refused for expired credentials is renewed and sent once more. A renewal the user pool
 * refuses (refresh token revoked, account disabled) ends the session: `onEnded` is told.
 *
 * Where the API sits behind CloudFront (template.yaml's WebDistribution), API Gateway checks the
 * signature against its own host and stage path (CloudFront forwards every header but Host, and
 * adds the stage as the origin path). `signing_base` in /portal/config.json is then the API's
 * own URL (the stack's ApiUrl output): the request is signed for that URL and sent to the same
 * path on the page's origin. Empty (locally): signed for the address it is sent to.
 */

import { createApi } from "../../shared/api.mjs";
import { AwsClient } from "../../vendor/aws4fetch.mjs";
import { refreshSession, signOut as revokeAndForget } from "./auth/cognito.mjs";
import { credentialsFor } from "./auth/identity.mjs";

export const DEFAULT_REGION = "ap-southeast-3";
export const SERVICE = "execute-api";
/** Renew this long before the credentials expire (or a quarter of their life, if shorter). */
const RENEW_AHEAD_MS = 5 * 60 * 1000;
/** A renewal that could not reach the pools is tried again after this. */
const RETRY_RENEWAL_MS = 30 * 1000;

/**
 * /portal/config.json: the pools of this deployment and where to sign for (see above). On AWS the
 * endpoints are empty (the region's own); locally they are the stack's.
 */
export async function loadSettings() {
  const response = await fetch("/portal/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/portal/config.json: HTTP ${response.status}`);
  const s = await response.json();
  const text = (value) => String(value ?? "").trim();
  return {
    region: text(s.region) || DEFAULT_REGION,
    userPoolId: text(s.userPoolId),
    userPoolClientId: text(s.userPoolClientId),
    identityPoolId: text(s.identityPoolId),
    cognitoIdpEndpoint: text(s.cognitoIdpEndpoint),
    cognitoIdentityEndpoint: text(s.cognitoIdentityEndpoint),
    signingBase: text(s.signing_base).replace(/\/+$/, ""),
  };
}

/** True when config.json names the pools (a deploy that wrote it). */
export function isConfigured(settings) {
  return Boolean(settings.userPoolId && settings.userPoolClientId && settings.identityPoolId);
}

/** API Gateway's refusal of a signature made with expired credentials (not the API's own 403s, which carry a code). */
async function refusedAsExpired(response) {
  if (response.status !== 403) return false;
  const body = await response.clone().json().catch(() => ({}));
  if (body?.error?.code) return false;
  return /expired/i.test(String(body?.message ?? body?.Message ?? ""));
}

export class StaffSession {
  /**
   * @param settings loadSettings()
   * @param user the CognitoUser signed in
   * @param cognitoSession its CognitoUserSession
   * @param onEnded called once with the error when a renewal is refused (sign in again)
   */
  constructor(settings, user, cognitoSession, onEnded = () => {}) {
    this.settings = settings;
    this.user = user;
    this.cognitoSession = cognitoSession;
    this.onEnded = onEnded;
    this.credentials = null;
    this.aws = null;
    this.timer = null;
    this.renewing = null;
    this.ended = false;
    this.onVisible = () => {
      if (document.visibilityState === "visible" && this.expiresSoon()) this.renew().catch(() => {});
    };
    this.fetch = (url, init) => this.signedFetch(url, init);
    this.api = createApi({ fetch: this.fetch });
  }

  get username() {
    return this.user.getUsername();
  }

  /** Get the first credentials; rejects when the identity pool refuses the token. */
  async open() {
    await this.exchange();
    // A tab in the background runs its timers late: check again when it is shown.
    document.addEventListener("visibilitychange", this.onVisible);
    return this;
  }

  async exchange() {
    const idToken = this.cognitoSession.getIdToken().getJwtToken();
    const credentials = await credentialsFor(this.settings, idToken, this.credentials?.identityId);
    this.credentials = credentials;
    this.aws = new AwsClient({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      service: SERVICE,
      region: this.settings.region,
      retries: 0, // a refused or failed request is reported, not silently sent again
    });
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    const left = this.credentials.expiresAt - Date.now();
    const ahead = Math.min(RENEW_AHEAD_MS, left / 4);
    this.timer = setTimeout(() => this.renew().catch(() => {}), Math.max(1000, left - ahead));
  }

  expiresSoon() {
    return !this.credentials || this.credentials.expiresAt - Date.now() < 5000;
  }

  /**
   * New tokens from the refresh token, then new credentials. One renewal at a time; a refusal by
   * the user pool ends the session, an unreachable pool is tried again a little later.
   */
  renew() {
    if (this.ended) return Promise.reject(new Error("session ended"));
    this.renewing ??= (async () => {
      try {
        this.cognitoSession = await refreshSession(this.user, this.cognitoSession);
        await this.exchange();
      } catch (error) {
        if (error?.code === "NetworkError") {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => this.renew().catch(() => {}), RETRY_RENEWAL_MS);
        } else {
          this.end(error);
        }
        throw error;
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  end(error) {
    if (this.ended) return;
    this.close();
    this.onEnded(error);
  }

  /** Stop renewing (sign-out, or the session ended). */
  close() {
    this.ended = true;
    clearTimeout(this.timer);
    document.removeEventListener("visibilitychange", this.onVisible);
  }

  /** Revoke the refresh token and forget everything; returns the revocation's error, if any. */
  async signOut() {
    this.close();
    this.credentials = null;
    this.aws = null;
    return revokeAndForget(this.user, this.cognitoSession);
  }

  async send(url, init) {
    const target = new URL(url, location.href);
    const { signingBase } = this.settings;
    const signFor = signingBase ? `${signingBase}${target.pathname}${target.search}` : target.href;
    const signed = await this.aws.sign(signFor, { method: init.method ?? "GET", headers: init.headers, body: init.body });
    return fetch(target.href, {
      method: signed.method,
      headers: signed.headers,
      body: init.body,
      signal: init.signal,
      cache: "no-store",
      credentials: "omit",
    });
  }

  /** The signed fetch (the raw one, for the CSV report; `api` wraps it). */
  async signedFetch(url, init = {}) {
    if (this.expiresSoon()) await this.renew();
    const response = await this.send(url, init);
    if (!(await refusedAsExpired(response))) return response;
    // Expired between the check and the call (or a clock off): renew, and send it once more.
    await this.renew();
    return this.send(url, init);
  }
}

/** The public (unsigned) API: the office's name, services and time zone. */
export const publicApi = createApi();
