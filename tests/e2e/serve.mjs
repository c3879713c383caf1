// A small static file server for end-to-end tests: serves a directory (dist/) on
// 127.0.0.1 under a base path, so tests can check both root and sub-path hosting.
// Usage: node tests/e2e/serve.mjs <dir> [--port N] [--base /release-desk/] [--precompressed] [--log]
// Files whose names carry trunk's content hash are served as a good host serves them,
// cacheable for a year (they can never change); everything else with no-store, so a test
// that rewrites dist/ is never answered from a cache. With --log, every request is printed
// as "GET /path" once it is answered, for tests that count downloads.
// The .br/.gz files a release build writes beside its files (.ci/compress.mjs) are served
// only with --precompressed, as a host with gzip_static/brotli_static does: in place of the
// file a request names, with Content-Encoding, when the request accepts that encoding.
// Prints "serving http://127.0.0.1:PORT/BASE" once listening; stops on SIGTERM.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

function parseArgs(argv) {
  const options = { dir: 'dist', port: 0, base: '/', precompressed: false, log: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') options.port = Number(argv[++i]);
    else if (argv[i] === '--precompressed') options.precompressed = true;
    else if (argv[i] === '--log') options.log = true;
    else if (argv[i] === '--base') options.base = argv[++i];
    else options.dir = argv[i];
  }
  if (!options.base.startsWith('/')) options.base = `/${options.base}`;
  if (!options.base.endsWith('/')) options.base = `${options.base}/`;
  return options;
}

const { dir, port, base, precompressed, log } = parseArgs(process.argv.slice(2));

/**
 * A file name with trunk's content hash: `release-desk-0123456789abcdef_bg.wasm` (a 64-bit hash
 * in hex without leading zeros, so sometimes shorter than 16 digits).
 */
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/;
const root = resolve(dir);

/** The encodings a request accepts, of those a sibling file may have, best first. */
function encodings(request) {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  return [
    ['br', '.br'],
    ['gzip', '.gz'],
  ].filter(([name]) => new RegExp(`(^|[ ,])${name}($|[ ,;])`).test(accepted));
}

/** The body to send for target: a pre-compressed sibling when allowed, and its encoding. */
async function bodyFor(request, target) {
  if (precompressed) {
    for (const [encoding, suffix] of encodings(request)) {
      try {
        return { body: await readFile(target + suffix), encoding };
      } catch {
        // No such sibling: try the next encoding, then the file itself.
      }
    }
  }
  return { body: await readFile(target), encoding: null };
}

/** The file a URL path names under root, or null when it is outside base or root. */
function fileFor(urlPath) {
  const path = decodeURIComponent(urlPath.split('?')[0]);
  if (!path.startsWith(base)) return null;
  const relative = path.slice(base.length) || 'index.html';
  const file = normalize(join(root, relative));
  return file === root || file.startsWith(root + sep) ? file : null;
}

const server = createServer(async (request, response) => {
  const file = fileFor(request.url ?? '/');
  try {
    if (file === null) throw new Error('outside');
    const target = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
    const { body, encoding } = await bodyFor(request, target);
    response.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'cache-control': HASHED.test(target) ? 'public, max-age=31536000, immutable' : 'no-store',
      ...(encoding ? { 'content-encoding': encoding, vary: 'accept-encoding' } : {}),
      // As static file servers send it (without one, Node answers chunked, and Chromium
      // reports some fully read streamed answers as aborted).
      'content-length': body.length,
    });
    response.end(body);
    if (log) console.log(`${request.method} ${request.url}`);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found\n');
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving http://127.0.0.1:${server.address().port}${base}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
