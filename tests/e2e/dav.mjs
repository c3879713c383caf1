// Real WebDAV servers for the sync tests: Debian's Apache with mod_dav + mod_dav_fs (which
// honours If-Match and If-None-Match: *) and Debian's nginx with its built-in DAV module
// (which accepts PUT and ignores both). Each is started on 127.0.0.1 on a free port, with
// its own configuration, logs, lock and temporary files under a fresh mkdtemp folder (no
// system configuration is read or touched), serves an empty writable folder `book/`, sends
// CORS headers for the app's origin on every answer (errors too), answers a preflight
// OPTIONS with 204 and no sign-in, sends `Cache-Control: no-cache` and an ETag on files,
// and, with `auth`, asks HTTP Basic for every other method. Stopped by its PID (the
// process group it leads). docs/hosting.md shows the same configurations for a real host.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const APACHE = process.env.APACHE ?? '/usr/sbin/apache2';
const APACHE_MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** The methods and headers a browser may use against the book (docs/hosting.md). */
export const CORS = {
  methods: 'GET, PUT, OPTIONS, HEAD',
  headers: 'Authorization, Content-Type, If-Match, If-None-Match',
  expose: 'ETag, Retry-After',
  maxAge: '600',
};

/** A port nobody listens on right now (the server binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The user the server's workers run as: www-data when we are root, else ourselves. */
async function workerIds() {
  if (!isRoot()) return null;
  const id = async (flag) => Number((await run('id', [flag, 'www-data'])).stdout.trim());
  return { user: 'www-data', group: 'www-data', uid: await id('-u'), gid: await id('-g') };
}

/** An htpasswd file for one user: Apache's htpasswd (MD5, apr1) when present, else {SHA}. */
async function writePasswords(file, { user, password }) {
  if (existsSync('/usr/bin/htpasswd')) {
    await run('/usr/bin/htpasswd', ['-b', '-c', '-m', file, user, password]);
  } else {
    const sha = createHash('sha1').update(password).digest('base64');
    await writeFile(file, `${user}:{SHA}${sha}\n`);
  }
}

function apacheConfig({ dir, port, origin, auth, ids }) {
  const modules = [
    ['mpm_event_module', 'mod_mpm_event.so'],
    ['authn_core_module', 'mod_authn_core.so'],
    ['authn_file_module', 'mod_authn_file.so'],
    ['authz_core_module', 'mod_authz_core.so'],
    ['authz_user_module', 'mod_authz_user.so'],
    ['auth_basic_module', 'mod_auth_basic.so'],
    ['mime_module', 'mod_mime.so'],
    ['headers_module', 'mod_headers.so'],
    ['rewrite_module', 'mod_rewrite.so'],
    ['dav_module', 'mod_dav.so'],
    ['dav_fs_module', 'mod_dav_fs.so'],
  ];
  return `# Apache for the Release Desk sync tests (tests/e2e/dav.mjs)
ServerRoot "${dir}"
${modules.map(([name, file]) => `LoadModule ${name} ${APACHE_MODULES}/${file}`).join('\n')}
${ids ? `User ${ids.user}\nGroup ${ids.group}` : ''}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile "${dir}/apache.pid"
DefaultRuntimeDir "${dir}/run"
Mutex file:${dir}/run default
ErrorLog "${dir}/error.log"
LogLevel warn
StartServers 1
ServerLimit 1
ThreadsPerChild 16
MaxRequestWorkers 16
${existsSync('/etc/mime.types') ? 'TypesConfig /etc/mime.types' : ''}
DocumentRoot "${dir}/www"
DavLockDB "${dir}/lock/DavLock"
# Strong ETags from the file's content: mtime-based ones are weak for the first second after
# a write, and a weak ETag never satisfies If-Match.
FileETag Digest

<Directory />
    AllowOverride None
    Require all denied
</Directory>

# A preflight is answered at once, before any sign-in is asked for.
RewriteEngine On
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteRule ^ - [R=204,L]

Header always set Access-Control-Allow-Origin "${origin}"
Header always set Access-Control-Allow-Methods "${CORS.methods}"
Header always set Access-Control-Allow-Headers "${CORS.headers}"
Header always set Access-Control-Expose-Headers "${CORS.expose}"
Header always set Access-Control-Max-Age "${CORS.maxAge}"
Header always merge Vary Origin

<Directory "${dir}/www/book">
    Dav On
    Options None
    Header always set Cache-Control "no-cache"
${
  auth
    ? `    AuthType Basic
    AuthName "Release Desk book"
    AuthUserFile "${dir}/htpasswd"
    Require valid-user`
    : '    Require all granted'
}
</Directory>
`;
}

function nginxConfig({ dir, port, origin, auth, ids }) {
  const cors = `
            add_header Access-Control-Allow-Origin "${origin}" always;
            add_header Access-Control-Allow-Methods "${CORS.methods}" always;
            add_header Access-Control-Allow-Headers "${CORS.headers}" always;
            add_header Access-Control-Expose-Headers "${CORS.expose}" always;
            add_header Access-Control-Max-Age ${CORS.maxAge} always;
            add_header Vary Origin always;`;
  return `# nginx for the Release Desk sync tests (tests/e2e/dav.mjs)
${ids ? `user ${ids.user} ${ids.group};` : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
    ${existsSync('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : ''}
    default_type application/octet-stream;
    client_max_body_size 64m;
    server {
        listen 127.0.0.1:${port};
        server_name 127.0.0.1;
        root ${dir}/www;
        location / { return 404; }
        location /book/ {
            dav_methods PUT;
            create_full_put_path off;
            dav_access user:rw group:rw all:r;
            etag on;
            # A preflight is answered at once, before any sign-in is asked for.
            if ($request_method = OPTIONS) { return 204; }
            ${auth ? `auth_basic "Release Desk book";\n            auth_basic_user_file ${dir}/htpasswd;` : ''}
            add_header Cache-Control "no-cache" always;${cors}
        }
    }
}
`;
}

async function waitUntilUp(url, child, logFile, name) {
  const deadline = Date.now() + 10_000;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = signal ?? code;
  });
  while (Date.now() < deadline) {
    if (exited !== null) break;
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(
    `${name} did not start${exited !== null ? ` (exited: ${exited})` : ' within 10 s'}\n${log}`,
  );
}

/**
 * Starts a WebDAV server. `kind`: 'apache' | 'nginx'. `origin`: the app's origin (CORS);
 * `auth`: { user, password } to ask HTTP Basic for every method but OPTIONS.
 * Resolves to { kind, url: 'http://127.0.0.1:PORT/book/', root (the folder's files), stop() }.
 */
export async function startDav(kind, { origin = 'http://127.0.0.1', auth } = {}) {
  if (kind !== 'apache' && kind !== 'nginx') throw new Error(`unknown server kind ${kind}`);
  const binary = kind === 'apache' ? APACHE : NGINX;
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run .ci/install.sh test (Debian's ${kind === 'apache' ? 'apache2' : 'nginx'})`);
  }
  const dir = await mkdtemp(join(tmpdir(), `release-desk-${kind}-`));
  const ids = await workerIds();
  // Workers run as www-data when we are root: they must reach the folder and write the book.
  await chmod(dir, 0o755);
  const root = join(dir, 'www', 'book');
  await mkdir(root, { recursive: true });
  for (const sub of ['run', 'lock', 'temp']) await mkdir(join(dir, sub));
  if (auth) await writePasswords(join(dir, 'htpasswd'), auth);
  if (ids) {
    for (const path of [root, join(dir, 'lock'), join(dir, 'temp')]) await chown(path, ids.uid, ids.gid);
    if (auth) await chmod(join(dir, 'htpasswd'), 0o644);
  }
  const port = await freePort();
  const settings = { dir, port, origin, auth, ids };
  let args;
  if (kind === 'apache') {
    await writeFile(join(dir, 'apache2.conf'), apacheConfig(settings));
    args = ['-f', join(dir, 'apache2.conf'), '-DFOREGROUND'];
  } else {
    await writeFile(join(dir, 'nginx.conf'), nginxConfig(settings));
    args = ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
  }
  const child = spawn(binary, args, { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        // The master leads its own process group: its workers go with it.
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const late = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await stopped;
      clearTimeout(late);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/book/`;
  try {
    await waitUntilUp(url, child, join(dir, 'error.log'), kind);
  } catch (error) {
    error.message += stderr;
    await stop();
    throw error;
  }
  return { kind, url, root, pid: child.pid, user: ids?.user ?? userInfo().username, stop };
}
