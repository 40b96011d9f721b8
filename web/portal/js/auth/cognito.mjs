/**
 * Signing in to the staff user pool with amazon-cognito-identity-js (the vendored browser build,
 * loaded by index.html's <script src> as the global AmazonCognitoIdentity): SRP, the new-password
 * and TOTP challenges, TOTP set-up, the refresh of a session, and the revocation of its refresh
 * token at sign-out. Nothing here computes a password proof or a signature itself.
 *
 * Each step of a sign-in is a promise of the next one:
 *   { kind: "done", user, session }
 *   { kind: "newPassword", respond(password) }           first sign-in with the temporary password
 *   { kind: "totp", respond(code) }                       the 6-digit code of the authenticator app
 *   { kind: "mfaSetup", username, secret, respond(code) } the pool asks for a code to be set up first
 * `respond` returns the promise of the step after it; a refused step rejects with Cognito's error
 * ({code, message}), and the same step may be answered again.
 *
 * The user pool's tokens are kept in sessionStorage (the library's Storage option), never in
 * localStorage: they go when the tab closes or at sign-out.
 */

const Cognito = globalThis.AmazonCognitoIdentity;

/** Where the library keeps the pool's tokens: this tab only. */
const STORAGE = globalThis.sessionStorage;

/** A user pool of `settings` (see session.mjs's loadSettings). */
export function userPool(settings) {
  if (!Cognito) throw new Error("amazon-cognito-identity.min.js did not load");
  return new Cognito.CognitoUserPool({
    UserPoolId: settings.userPoolId,
    ClientId: settings.userPoolClientId,
    endpoint: settings.cognitoIdpEndpoint || undefined, // undefined: AWS's own endpoint of the pool's region
    Storage: STORAGE,
    // The advanced-security collector script is not loaded; nothing to collect.
    AdvancedSecurityDataCollectionFlag: false,
  });
}

/** Start a sign-in of `username` with `password`: the promise of its first step. */
export function signIn(pool, username, password) {
  const user = new Cognito.CognitoUser({ Username: username, Pool: pool, Storage: STORAGE });
  const details = new Cognito.AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, stepCallbacks(user, resolve, reject));
  });
}

/**
 * The library answers every step of an authentication through one callbacks object; each answer
 * here settles the promise of the step asked for, and the next step's answer a new one.
 */
function stepCallbacks(user, resolve, reject) {
  let settle = { resolve, reject };
  /** Ask the library for the next step, settling a fresh promise with its answer. */
  const next = (send) =>
    new Promise((res, rej) => {
      settle = { resolve: res, reject: rej };
      send();
    });
  const callbacks = {
    onSuccess: (session) => settle.resolve({ kind: "done", user, session }),
    onFailure: (error) => settle.reject(error),
    newPasswordRequired: () =>
      settle.resolve({
        kind: "newPassword",
        respond: (password) => next(() => user.completeNewPasswordChallenge(password, {}, callbacks)),
      }),
    totpRequired: () =>
      settle.resolve({
        kind: "totp",
        respond: (code) => next(() => user.sendMFACode(code, callbacks, "SOFTWARE_TOKEN_MFA")),
      }),
    mfaSetup: () => {
      // The pool wants a code set up before it issues tokens: associate (with the challenge's session).
      user.associateSoftwareToken({
        associateSecretCode: (secret) =>
          settle.resolve({
            kind: "mfaSetup",
            username: user.getUsername(),
            secret,
            respond: (code) =>
              next(() => user.verifySoftwareToken(code, "Antrean", { onSuccess: callbacks.onSuccess, onFailure: callbacks.onFailure })),
          }),
        onFailure: (error) => settle.reject(error),
      });
    },
    // Only TOTP is enabled on the pool; should it offer a choice, choose TOTP.
    selectMFAType: () => user.sendMFASelectionAnswer("SOFTWARE_TOKEN_MFA", callbacks),
    mfaRequired: () => settle.reject(Object.assign(new Error("SMS MFA is not used"), { code: "UnsupportedMfa" })),
  };
  return callbacks;
}

/** The signed-in user of this tab with a valid session (refreshed if it had expired), or null. */
export function currentUser(pool) {
  const user = pool.getCurrentUser();
  if (!user) return Promise.resolve(null);
  return new Promise((resolve) => {
    user.getSession((error, session) => resolve(error || !session?.isValid() ? null : { user, session }));
  });
}

/** A new session from the refresh token (new id and access tokens); rejects once it is revoked or the account is disabled. */
export function refreshSession(user, session) {
  return new Promise((resolve, reject) => {
    user.refreshSession(session.getRefreshToken(), (error, fresh) => (error ? reject(error) : resolve(fresh)));
  });
}

// --- TOTP for a signed-in user (the API's mfa_required) --------------------------------------

/** A new TOTP secret for the signed-in user (AssociateSoftwareToken with the access token). */
export function associateTotp(user) {
  return new Promise((resolve, reject) => {
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject });
  });
}

/** Check the first code of the app, then make TOTP the user's sign-in code from now on. */
export async function verifyTotp(user, code) {
  await new Promise((resolve, reject) => {
    user.verifySoftwareToken(code, "Antrean", { onSuccess: resolve, onFailure: reject });
  });
  await preferTotp(user);
}

/** TOTP enabled and preferred (SetUserMFAPreference): the next sign-in asks for a code. */
export function preferTotp(user) {
  return new Promise((resolve, reject) => {
    user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (error) => (error ? reject(error) : resolve()));
  });
}

/** The address an authenticator app reads from the QR code. */
export function totpUri(username, secret) {
  // Key URI format: "issuer:account" as the label, and the issuer again as a parameter.
  return `otpauth://totp/Antrean:${encodeURIComponent(username)}?secret=${encodeURIComponent(secret)}&issuer=Antrean`;
}

// --- sign-out --------------------------------------------------------------------------------

/**
 * Revoke the session's refresh token (RevokeToken: no new tokens from it, anywhere), then forget
 * the tokens of this tab. Called directly rather than through signOut(callback), which revokes
 * only when the access token carries origin_jti. The tokens are forgotten even when the pool
 * cannot be reached; the error is returned for the page to say so.
 */
export async function signOut(user, session) {
  let failure = null;
  const token = session?.getRefreshToken()?.getToken();
  if (token) {
    failure = await new Promise((resolve) => user.revokeToken({ token, callback: (error) => resolve(error ?? null) }));
  }
  user.signOut();
  return failure;
}

/** Forget any tokens the library keeps in this tab (a user who is no longer signed in). */
export function forgetTokens(pool) {
  pool.getCurrentUser()?.signOut();
}
