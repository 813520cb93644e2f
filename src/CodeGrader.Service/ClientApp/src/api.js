// The page's only way to the server: the REST API, signed in by the HttpOnly cookie. State-changing requests carry
// the CSRF token that GET /api/v1/session gives. Errors are the API's problem details.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

export async function api(path, { method = "GET", body, headers = {}, raw = false } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin" };
  if (method !== "GET" && method !== "HEAD" && csrfToken) init.headers["X-CSRF-Token"] = csrfToken;
  if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
  else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, init);
  if (raw) return response;
  const text = await response.text();
  const data = text ? safeJson(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

/** Signs in with a key or an invitation token: the server sets the cookie; the key is not kept by the page. */
export async function signIn(key) {
  const response = await fetch("/api/v1/session", {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, Accept: "application/json" },
    credentials: "same-origin",
  });
  const data = safeJson(await response.text());
  if (!response.ok) throw new ApiError(response.status, data);
  setCsrf(data.csrf_token);
  return data;
}

export async function currentSession() {
  try {
    const session = await api("/session");
    setCsrf(session.csrf_token);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signOut() {
  await api("/session", { method: "DELETE" });
  setCsrf(null);
}

/** The caller's invitation (time and attempts left), or null when there is none or this server has no invitations. */
export async function currentInvitation() {
  try {
    return await api("/invitation");
  } catch (error) {
    if (error instanceof ApiError && [403, 404, 405].includes(error.status)) return null;
    throw error;
  }
}
