/**
 * A small client for Antrean's HTTP APIs, shared by the citizens' form and the staff portal.
 *
 *   import { createApi, ApiError, newIdempotencyKey, pathOf } from "../shared/api.mjs";
 *   const api = createApi();                                   // same origin, window.fetch
 *   const office = await api.get(pathOf("/offices/{id}", { id: "tegal" }));
 *   const booking = await api.post("/offices/tegal/bookings", body, { idempotencyKey });
 *
 *   // Staff portal: pass a signing fetch (aws4fetch's AwsClient) and the API's base URL.
 *   const staff = createApi({ base: "https://...", fetch: (url, init) => aws.fetch(url, init) });
 *
 * Every non-2xx answer is thrown as an ApiError carrying the API's error body
 * ({"error": {code, message, message_id, fields?, ...}}); a network failure is an ApiError with
 * status 0 and code "network". A 503 with Retry-After (the API is busy) is retried once after
 * the wait it asks for (at most `maxRetryWaitS`): POSTs here carry an Idempotency-Key, so a
 * retry never books twice.
 */

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the request never got an answer
   * @param {object} detail the body's `error` object: code, message (English), message_id
   *   (Bahasa Indonesia), fields ([{field, message, message_id, code}]) and any extra keys
   * @param {number|null} retryAfter seconds, from the Retry-After header
   */
  constructor(status, detail = {}, retryAfter = null) {
    super(detail.message || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = detail.code || (status === 0 ? "network" : `http_${status}`);
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** The per-field problems of a 422, as [{field, message, message_id, code}]. */
  get fields() {
    return Array.isArray(this.detail.fields) ? this.detail.fields : [];
  }

  /** True when the body carried a message of its own (in both languages). */
  get hasMessage() {
    return Boolean(this.detail.message || this.detail.message_id);
  }
}

/** A fresh Idempotency-Key (the API accepts [A-Za-z0-9_.:-]{8,128}). */
export function newIdempotencyKey(prefix = "web") {
  const random = globalThis.crypto?.randomUUID
    ? globalThis.crypto.randomUUID()
    : Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
        "",
      );
  return `${prefix}-${random}`;
}

/** "/bookings/{number}/cancel" with each {name} replaced by its URL-encoded value. */
export function pathOf(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) throw new Error(`pathOf: no value for {${name}}`);
    return encodeURIComponent(String(params[name]));
  });
}

function retryAfterSeconds(response) {
  const header = response.headers.get("Retry-After");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, (when - Date.now()) / 1000);
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

function errorDetail(body) {
  if (body && typeof body.error === "object" && body.error !== null) return body.error;
  // API Gateway's own answers ({"message": "..."}): no code, no Indonesian text.
  return {};
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{base?: string, fetch?: typeof fetch, maxRetryWaitS?: number, retries?: number}} [options]
 */
export function createApi({ base = "", fetch: fetchImpl, maxRetryWaitS = 5, retries = 1 } = {}) {
  const send = fetchImpl ?? ((url, init) => globalThis.fetch(url, init));

  /**
   * @param {string} method
   * @param {string} path  already encoded (see pathOf)
   * @param {{query?: Record<string, string|number|undefined>, body?: unknown,
   *          idempotencyKey?: string, headers?: Record<string,string>, signal?: AbortSignal}} [options]
   * @returns {Promise<any>} the parsed JSON body (null when empty)
   */
  async function request(method, path, { query, body, idempotencyKey, headers = {}, signal } = {}) {
    const url = new URL(base + path, globalThis.location?.href);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
    }
    const init = { method, headers: { Accept: "application/json", ...headers }, signal };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (idempotencyKey) init.headers["Idempotency-Key"] = idempotencyKey;

    for (let attempt = 0; ; attempt += 1) {
      let response;
      try {
        response = await send(url.toString(), init);
      } catch (error) {
        if (error?.name === "AbortError") throw error;
        throw new ApiError(0, { code: "network" });
      }
      const parsed = await readBody(response);
      if (response.ok) return parsed;
      const wait = retryAfterSeconds(response);
      if (response.status === 503 && attempt < retries && wait !== null && wait <= maxRetryWaitS) {
        await sleep(wait * 1000);
        continue;
      }
      throw new ApiError(response.status, errorDetail(parsed), wait);
    }
  }

  return {
    request,
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
  };
}
