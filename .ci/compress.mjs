// Pre-compresses the built app for hosts that serve pre-compressed files (nginx
// gzip_static/brotli_static, Apache with mod_rewrite rules; see docs/hosting.md): every
// .wasm, .js, .css, .html, .json, .svg and .webmanifest file gets a .br sibling (brotli,
// quality 11) and a .gz sibling (gzip -9), made with node's own zlib so nothing is installed.
//
// Run by trunk after .ci/precache.sh (Trunk.toml: one post_build hook, since trunk runs the
// hooks of one stage at the same time), so the service worker's precache list never names
// the .br/.gz files. Only for release builds: trunk sets TRUNK_PROFILE=debug otherwise.
//
//   node .ci/compress.mjs [dir]            compress dir (default: $TRUNK_STAGING_DIR or dist)
//   node .ci/compress.mjs --measure FILE…  print the brotli size of the files, in bytes
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const KINDS = new Set(['.wasm', '.js', '.css', '.html', '.json', '.svg', '.webmanifest']);

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

const gzip = (bytes) => gzipSync(bytes, { level: 9 });

/** Every file under dir whose kind is worth compressing, depth first. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return entry.isFile() && KINDS.has(extname(entry.name)) ? [path] : [];
  });
}

const args = process.argv.slice(2);
if (args[0] === '--measure') {
  const total = args.slice(1).reduce((sum, file) => sum + brotli(readFileSync(file)).length, 0);
  console.log(total);
} else if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('compress.mjs: debug build, not pre-compressed');
} else {
  const dir = args[0] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  let before = 0;
  let afterBr = 0;
  let afterGz = 0;
  const found = files(dir);
  for (const file of found) {
    const bytes = readFileSync(file);
    const br = brotli(bytes);
    const gz = gzip(bytes);
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    before += bytes.length;
    afterBr += br.length;
    afterGz += gz.length;
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `compress.mjs: ${found.length} files, ${kb(before)} → ${kb(afterBr)} brotli, ${kb(afterGz)} gzip`,
  );
}
