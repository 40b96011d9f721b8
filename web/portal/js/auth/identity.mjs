/**
 * Temporary AWS credentials for a signed-in staff member: the identity pool exchanges the user
 * pool's id token for them (cognito-identity GetId, then GetCredentialsForIdentity: two unsigned
 * JSON calls). Its role may only invoke the staff routes; the credentials last at most an hour.
 */

/** The identity pool's key for tokens of `settings`' user pool. */
function loginsOf(settings, idToken) {
  return { [`cognito-idp.${settings.region}.amazonaws.com/${settings.userPoolId}`]: idToken };
}

export class IdentityError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = "IdentityError";
    this.code = code;
  }
}

async function call(settings, operation, body) {
  const endpoint = settings.cognitoIdentityEndpoint || `https://cognito-identity.${settings.region}.amazonaws.com/`;
  let response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityService.${operation}`,
      },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    throw new IdentityError("NetworkError");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    // AWS JSON 1.1 errors: {"__type": "...#NotAuthorizedException", "message": "..."}.
    const code = String(data.__type ?? data.code ?? `HTTP${response.status}`).split("#").pop();
    throw new IdentityError(code, data.message ?? data.Message);
  }
  return data;
}

/** An Expiration as AWS JSON sends it (epoch seconds), or an ISO text: milliseconds since the epoch. */
function expiresAt(value) {
  if (typeof value === "number") return value * 1000;
  const parsed = Date.parse(String(value));
  if (Number.isNaN(parsed)) throw new IdentityError("BadExpiration", `unreadable Expiration ${value}`);
  return parsed;
}

/**
 * Credentials for the id token: `{accessKeyId, secretAccessKey, sessionToken, expiresAt, identityId}`.
 * `identityId` of an earlier exchange saves the GetId call.
 */
export async function credentialsFor(settings, idToken, identityId = null) {
  const Logins = loginsOf(settings, idToken);
  const id = identityId ?? (await call(settings, "GetId", { IdentityPoolId: settings.identityPoolId, Logins })).IdentityId;
  const { Credentials: c } = await call(settings, "GetCredentialsForIdentity", { IdentityId: id, Logins });
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken,
    expiresAt: expiresAt(c.Expiration),
    identityId: id,
  };
}
