// A small HTTP proxy the sync tests put in front of a real server (tests/e2e/dav.mjs) to make
// it fail on demand, the way hosts and networks do: connection refused, an error status, a
// busy host with Retry-After, a slow answer, a body cut short, and a storm of 412s; and
// hosts as they are found: weak ETags only, a cache that serves stale answers and 404s for a
// while, and a redirect to another origin. Plain
// node:http, no packages. Preflights (OPTIONS) always pass through untouched, so the browser
// sees the fault itself and not a CORS refusal; every answer the proxy makes up carries the
// same CORS headers as the server's.
import { createServer, request as forward } from 'node:http';
import { CORS } from './dav.mjs';

/**
 * Starts a proxy to `target` (a startDav url). Resolves to { url (same path under the
 * proxy's port), set(fault) (a promise: resolved once the fault is in force), requests
 * (a log of { method, path, status, cached } of every answer given), stop() }.
 *
 * fault: null (pass through) | 'refuse' (the port is closed: connections are refused) |
 * { status: 500 } | { status: 503, retryAfter: 1 } | { delayMs: 3000 } | 'truncate' (GET
 * bodies cut in half, with a Content-Length that says so) | 'storm412' (every PUT answered
 * 412) | 'chunked' (answers sent without a Content-Length) | 'weakEtags' (every ETag sent as W/"…", as nginx does when it compresses: the
 * server behind then compares If-Match strongly, so it never holds, and If-None-Match
 * weakly) | { cacheMs } (a cache in front: each GET's answer, 404s included, is kept for
 * cacheMs and served whatever the request asks and however the file changed; PUTs go
 * through and do not refresh it) | { redirectTo } (answered 307 to the same path at the
 * origin redirectTo); an object form { fault, method: 'GET' | 'PUT', path: /regexp/,
 * times: N } (or the filters added to an object fault) limits it to matching requests, and
 * to the first N of them.
 */
export async function startFaultProxy(target, { origin } = {}) {
  const upstream = new URL(target);
  const requests = [];
  let fault = null;
  /** The cache's answers by path: { status, headers, body, until }. */
  const cache = new Map();

  const server = createServer((req, res) => handle(req, res));
  const listen = (port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server.address().port);
      });
    });
  const port = await listen(0);
  let listening = true;

  const cors = (req) => ({
    'Access-Control-Allow-Origin': origin ?? req.headers.origin ?? '*',
    'Access-Control-Allow-Methods': CORS.methods,
    'Access-Control-Allow-Headers': CORS.headers,
    'Access-Control-Expose-Headers': CORS.expose,
    'Access-Control-Max-Age': CORS.maxAge,
    Vary: 'Origin',
    'Cache-Control': 'no-cache',
  });

  /** The fault that applies to this request (normalised, see `normalise`), or null. */
  function faultFor(req, path) {
    if (fault === null || req.method === 'OPTIONS') return null;
    if (fault.method && req.method !== fault.method) return null;
    if (fault.path && !fault.path.test(path)) return null;
    if (fault.kind === 'truncate' && req.method !== 'GET') return null;
    if (fault.kind === 'storm412' && req.method !== 'PUT') return null;
    if (fault.times !== undefined) {
      if (fault.times <= 0) return null;
      fault.times -= 1;
    }
    return fault;
  }

  function answer(req, res, path, status, headers = {}, body = '') {
    requests.push({ method: req.method, path, status });
    res.writeHead(status, { ...cors(req), 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  }

  async function handle(req, res) {
    const path = new URL(req.url, 'http://proxy').pathname;
    const applied = faultFor(req, path);
    if (applied?.kind === 'storm412') {
      req.resume();
      return answer(req, res, path, 412, {}, 'Precondition Failed (injected)\n');
    }
    if (applied?.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, applied.delayMs));
      if (res.destroyed || req.socket.destroyed) {
        requests.push({ method: req.method, path, status: 0 });
        return;
      }
    }
    if (applied?.status) {
      req.resume();
      const headers = applied.retryAfter !== undefined ? { 'Retry-After': String(applied.retryAfter) } : {};
      return answer(req, res, path, applied.status, headers, `Injected ${applied.status}\n`);
    }
    if (applied?.kind === 'redirect') {
      req.resume();
      return answer(req, res, path, 307, { Location: new URL(req.url, applied.redirectTo).href });
    }
    const headers = { ...req.headers, host: upstream.host };
    if (applied?.kind === 'weakEtags' && headers['if-none-match']) {
      headers['if-none-match'] = headers['if-none-match'].replace(/W\//g, '');
    }
    if (applied?.kind === 'cache' && req.method === 'GET') {
      const kept = cache.get(path);
      if (kept && Date.now() < kept.until) return send(req, res, path, kept, true);
      delete headers['if-none-match'];
      delete headers['cache-control'];
      delete headers.pragma;
    }
    let back;
    try {
      back = await upstreamAnswer(req, headers);
    } catch (error) {
      return answer(req, res, path, 502, {}, `Proxy: ${error.message}\n`);
    }
    if (applied?.kind === 'truncate' && back.status === 200) {
      back.body = back.body.subarray(0, Math.floor(back.body.length / 2));
    }
    if (applied?.kind === 'weakEtags' && back.headers.etag && !back.headers.etag.startsWith('W/')) {
      back.headers.etag = `W/${back.headers.etag}`;
    }
    if (applied?.kind === 'cache' && req.method === 'GET') {
      cache.set(path, { ...back, until: Date.now() + applied.cacheMs });
    }
    send(req, res, path, back, false, applied?.kind === 'chunked');
  }

  /** Forwards a request to the server; resolves to its { status, headers, body }. */
  function upstreamAnswer(req, headers) {
    return new Promise((resolve, reject) => {
      const out = forward(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (back) => {
          const chunks = [];
          back.on('data', (chunk) => chunks.push(chunk));
          back.on('end', () => {
            const answerHeaders = { ...back.headers };
            delete answerHeaders['transfer-encoding'];
            delete answerHeaders.connection;
            delete answerHeaders['keep-alive'];
            resolve({ status: back.statusCode, headers: answerHeaders, body: Buffer.concat(chunks) });
          });
        },
      );
      out.on('error', reject);
      req.pipe(out);
    });
  }

  /**
   * Sends an answer, as the server gave it or as the cache keeps it (`cached`: logged so);
   * 304 when it matches the request's If-None-Match.
   */
  function send(req, res, path, { status, headers, body }, cached = false, chunked = false) {
    const match = req.headers['if-none-match'];
    if (req.method === 'GET' && status === 200 && match && headers.etag && match.replace(/W\//g, '') === headers.etag.replace(/W\//g, '')) {
      requests.push({ method: req.method, path, status: 304, cached });
      res.writeHead(304, { ...cors(req), etag: headers.etag });
      return res.end();
    }
    const out = { ...headers };
    if (chunked) delete out['content-length'];
    else if (req.method !== 'HEAD') out['content-length'] = String(body.length);
    requests.push({ method: req.method, path, status, cached });
    res.writeHead(status, out);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function close() {
    if (!listening) return;
    listening = false;
    await new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  return {
    url: new URL(upstream.pathname, `http://127.0.0.1:${port}`).href,
    port,
    requests,
    /** Puts a fault in force (null: none). 'refuse' closes the port until another fault. */
    async set(next) {
      fault = normalise(next);
      cache.clear();
      if (fault?.kind === 'refuse') {
        await close();
      } else if (!listening) {
        await listen(port);
        listening = true;
      }
    },
    async stop() {
      await close();
    },
  };
}

/** A fault as { kind: 'refuse' | 'truncate' | 'storm412' | 'chunked' | 'weakEtags' | 'status' | 'delay' |
 * 'cache' | 'redirect', status, retryAfter, delayMs, cacheMs, redirectTo, method, path,
 * times }, or null. */
function normalise(fault) {
  if (fault === null || fault === undefined) return null;
  if (typeof fault === 'string') return { kind: fault };
  const { fault: inner, ...rest } = fault;
  if (typeof inner === 'string') return { ...rest, kind: inner };
  const merged = { ...rest, ...(inner ?? {}) };
  if (merged.status) return { ...merged, kind: 'status' };
  if (merged.cacheMs) return { ...merged, kind: 'cache' };
  if (merged.redirectTo) return { ...merged, kind: 'redirect' };
  if (merged.delayMs) return { ...merged, kind: 'delay' };
  throw new Error(`unknown fault ${JSON.stringify(fault)}`);
}
