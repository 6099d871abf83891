/** The sandbox's JSON API, same origin. Answers carry `status` and the parsed body. */
export async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  return { ok: response.ok, status: response.status, body: await response.json() };
}

export async function postJson(path, body = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, status: response.status, body: await response.json() };
}
