// The dashboard's only way to the server: GET JSON, POST with the CSRF double-submit header.

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
  if (status === 401) {
    return 'This dashboard needs its access token: open it once as /?token=<token> (crmw.serve.token in the config).';
  }
  if (body && body.error) {
    return (body.parameter ? body.parameter + ': ' : '') + body.error + (body.accepts ? ' (accepts ' + body.accepts + ')' : '');
  }
  return 'the server answered ' + status;
}

async function parse(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return { error: text.slice(0, 200) };
  }
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = await parse(response);
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** POSTs with X-CSRF-Token = the crmw_csrf cookie; answers {status, body} whatever the status. */
export async function post(url) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-CSRF-Token': cookie('crmw_csrf') || '' },
  });
  return { status: response.status, body: await parse(response) };
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

/** A query string from [name, value] pairs, skipping empty values; commas and colons stay readable. */
export function query(pairs) {
  return pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeValue(String(v)))
    .join('&');
}

/** A query value, encoded with its commas and colons left readable (by=a,b&sort=c:desc). */
export function encodeValue(value) {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}
