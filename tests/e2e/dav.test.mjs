// The servers and the fault proxy the sync tests run against, checked with plain fetch (no
// browser): they behave as docs/sync.md and docs/hosting.md say. Apache's mod_dav honours
// If-Match and If-None-Match: *; nginx's DAV module ignores both (the case the sync layout
// is designed for); both send CORS headers for the app's origin, ETags, 304s, no-cache,
// and ask a sign-in when told to. Each fault of the proxy gives what the sync tests expect.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startFaultProxy } from './fault_proxy.mjs';

const ORIGIN = 'http://127.0.0.1:8123';
const AUTH = { user: 'olga', password: 'fully operational' };
const basic = `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`;

const put = (url, body, headers = {}) =>
  fetch(url, { method: 'PUT', body, headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers } });
const get = (url, headers = {}) => fetch(url, { headers: { Origin: ORIGIN, ...headers } });

for (const kind of ['apache', 'nginx']) {
  describe(`${kind} as the book's host`, () => {
    let dav;
    let guarded;
    before(async () => {
      [dav, guarded] = await Promise.all([
        startDav(kind, { origin: ORIGIN }),
        startDav(kind, { origin: ORIGIN, auth: AUTH }),
      ]);
    });
    after(async () => {
      await Promise.all([dav?.stop(), guarded?.stop()]);
    });

    test('the book folder starts empty and takes a new file with If-None-Match: *', async () => {
      assert.equal((await get(`${dav.url}manifest.json`)).status, 404, 'no book yet');
      const created = await put(`${dav.url}segment.a.1.json`, '{"n":1}', { 'If-None-Match': '*' });
      assert.equal(created.status, 201);
      const second = await put(`${dav.url}segment.a.1.json`, '{"n":2}', { 'If-None-Match': '*' });
      const now = await (await get(`${dav.url}segment.a.1.json`)).text();
      if (kind === 'apache') {
        assert.equal(second.status, 412, 'Apache refuses to replace a file that exists');
        assert.equal(now, '{"n":1}');
      } else {
        // nginx ignores If-None-Match on PUT: why segments are named by their content.
        assert.ok(second.ok, `nginx overwrites (${second.status})`);
        assert.equal(now, '{"n":2}');
      }
    });

    test('a file comes with an ETag and no-cache, and an unchanged one costs a 304', async () => {
      await put(`${dav.url}index.a.json`, '{"segments":[]}');
      const first = await get(`${dav.url}index.a.json`);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[^"]+"$/, 'a strong ETag');
      assert.equal(first.headers.get('cache-control'), 'no-cache');
      assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(first.headers.get('access-control-expose-headers'), 'ETag, Retry-After', 'the app may read them');
      const again = await get(`${dav.url}index.a.json`, { 'If-None-Match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('access-control-allow-origin'), ORIGIN);
    });

    test('a preflight from the app is allowed every method and header sync sends', async () => {
      const answer = await fetch(`${dav.url}index.a.json`, {
        method: 'OPTIONS',
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'authorization,content-type,if-match',
        },
      });
      assert.equal(answer.status, 204);
      assert.equal(answer.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(answer.headers.get('access-control-allow-methods'), 'GET, PUT, OPTIONS, HEAD');
      assert.equal(
        answer.headers.get('access-control-allow-headers'),
        'Authorization, Content-Type, If-Match, If-None-Match',
      );
      assert.ok(Number(answer.headers.get('access-control-max-age')) > 0, 'preflights are cached');
    });

    test(
      kind === 'apache'
        ? 'Apache refuses a write on a stale If-Match with 412 and keeps the newer file'
        : 'nginx ignores a stale If-Match and overwrites: the lost update sync must survive',
      async () => {
        const file = `${dav.url}manifest.json`;
        await put(file, '{"devices":["a"]}');
        const seen = (await get(file)).headers.get('etag');
        assert.ok((await put(file, '{"devices":["a","b"]}', { 'If-Match': seen })).ok, 'a fresh If-Match writes');
        const stale = await put(file, '{"devices":["a","c"]}', { 'If-Match': seen });
        const now = await (await get(file)).text();
        if (kind === 'apache') {
          assert.equal(stale.status, 412);
          assert.equal(stale.headers.get('access-control-allow-origin'), ORIGIN, 'the app can read the 412');
          assert.equal(now, '{"devices":["a","b"]}');
        } else {
          assert.ok(stale.ok, `nginx answers ${stale.status}`);
          assert.equal(now, '{"devices":["a","c"]}', "b's entry is lost");
        }
      },
    );

    test('a PUT into a folder that does not exist is refused (why the book is one folder)', async () => {
      const answer = await put(`${dav.url}missing/index.a.json`, '{}');
      // Apache says 409 Conflict as WebDAV asks; nginx (create_full_put_path off) says 500.
      assert.equal(answer.status, kind === 'apache' ? 409 : 500);
      assert.equal((await get(`${dav.url}missing/index.a.json`)).status, 404);
    });

    test('with a sign-in, every request needs it but the preflight', async () => {
      const preflight = await fetch(`${guarded.url}index.a.json`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PUT' },
      });
      assert.equal(preflight.status, 204);
      const anonymous = await put(`${guarded.url}index.a.json`, '{}');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('access-control-allow-origin'), ORIGIN, 'the app can read the 401');
      assert.equal((await get(`${guarded.url}index.a.json`)).status, 401);
      const wrong = `Basic ${Buffer.from(`${AUTH.user}:wrong`).toString('base64')}`;
      assert.equal((await get(`${guarded.url}index.a.json`, { Authorization: wrong })).status, 401);
      assert.equal((await put(`${guarded.url}index.a.json`, '{}', { Authorization: basic })).status, 201);
      const read = await get(`${guarded.url}index.a.json`, { Authorization: basic });
      assert.equal(read.status, 200);
      assert.equal(await read.text(), '{}');
    });
  });
}

describe('the fault proxy in front of a server', () => {
  let dav;
  let proxy;
  const body = JSON.stringify({ format: 'release-desk/segment', events: Array(40).fill('event') });
  before(async () => {
    dav = await startDav('nginx', { origin: ORIGIN });
    proxy = await startFaultProxy(dav.url, { origin: ORIGIN });
    await put(`${dav.url}segment.a.2.json`, body);
  });
  after(async () => {
    await proxy?.stop();
    await dav?.stop();
  });

  test('without a fault it passes requests through and logs them', async () => {
    await proxy.set(null);
    proxy.requests.length = 0;
    const answer = await get(`${proxy.url}segment.a.2.json`);
    assert.equal(await answer.text(), body);
    assert.ok(answer.headers.get('etag'));
    assert.equal(answer.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(proxy.requests, [{ method: 'GET', path: '/book/segment.a.2.json', status: 200, cached: false }]);
  });

  test('refuse: the port refuses connections until the fault is cleared', async () => {
    await proxy.set('refuse');
    await assert.rejects(get(`${proxy.url}segment.a.2.json`), (error) => {
      assert.equal(error.cause?.code, 'ECONNREFUSED');
      return true;
    });
    await proxy.set(null);
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 200, 'the same address works again');
  });

  test('a 500 and a 503 with Retry-After, readable by the app', async () => {
    await proxy.set({ status: 500 });
    const failed = await get(`${proxy.url}segment.a.2.json`);
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get('access-control-allow-origin'), ORIGIN);
    await proxy.set({ status: 503, retryAfter: 1 });
    const busy = await put(`${proxy.url}index.a.json`, '{}');
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.match(busy.headers.get('access-control-expose-headers'), /\bRetry-After\b/, 'the app may read it');
    assert.equal((await get(`${dav.url}index.a.json`)).status, 404, 'nothing reached the server');
  });

  test('a fault given `times` applies to that many requests, then passes them through', async () => {
    await proxy.set({ status: 503, retryAfter: 1, times: 1 });
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 503);
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 200, 'the retry gets through');
  });

  test('a preflight passes through a fault, so the browser sees the fault itself', async () => {
    await proxy.set({ status: 500 });
    const preflight = await fetch(`${proxy.url}index.a.json`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PUT' },
    });
    assert.equal(preflight.status, 204);
  });

  test('a delay holds the answer past a client time-out, then answers', async () => {
    await proxy.set({ delayMs: 600 });
    await assert.rejects(fetch(`${proxy.url}segment.a.2.json`, { signal: AbortSignal.timeout(200) }), {
      name: 'TimeoutError',
    });
    const started = Date.now();
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 200);
    assert.ok(Date.now() - started >= 550, 'the answer came late');
  });

  test('truncate: a GET body cut in half, with a Content-Length that says so', async () => {
    await proxy.set('truncate');
    const cut = await get(`${proxy.url}segment.a.2.json`);
    const text = await cut.text();
    assert.equal(cut.status, 200);
    assert.equal(text, body.slice(0, Math.floor(body.length / 2)));
    assert.equal(Number(cut.headers.get('content-length')), text.length);
    assert.ok((await put(`${proxy.url}index.b.json`, '{"whole":true}')).ok, 'a PUT is not cut');
    await proxy.set(null);
    assert.equal(await (await get(`${proxy.url}index.b.json`)).text(), '{"whole":true}');
  });

  test('storm412: every PUT is answered 412, reads still work', async () => {
    await proxy.set('storm412');
    for (let i = 0; i < 3; i += 1) {
      const answer = await put(`${proxy.url}manifest.json`, '{}', { 'If-None-Match': '*' });
      assert.equal(answer.status, 412);
      assert.equal(answer.headers.get('access-control-allow-origin'), ORIGIN);
    }
    assert.equal((await get(`${dav.url}manifest.json`)).status, 404, 'nothing was written');
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 200);
  });

  test('a fault limited to a method and a path leaves other requests alone', async () => {
    await proxy.set({ status: 500, method: 'GET', path: /index\./ });
    proxy.requests.length = 0;
    assert.equal((await get(`${proxy.url}index.b.json`)).status, 500);
    assert.equal((await get(`${proxy.url}segment.a.2.json`)).status, 200);
    assert.ok((await put(`${proxy.url}index.b.json`, '{}')).ok);
    await proxy.set({ fault: 'storm412', path: /manifest/ });
    assert.equal((await put(`${proxy.url}manifest.json`, '{}')).status, 412);
    assert.ok((await put(`${proxy.url}index.c.json`, '{}')).ok);
    await proxy.set(null);
    assert.deepEqual(
      proxy.requests.map(({ method, path, status }) => `${method} ${path} ${status}`),
      [
        'GET /book/index.b.json 500',
        'GET /book/segment.a.2.json 200',
        'PUT /book/index.b.json 204',
        'PUT /book/manifest.json 412',
        'PUT /book/index.c.json 201',
      ],
    );
  });
});
