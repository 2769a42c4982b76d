/**
 * Jest-only interop: music-metadata (ESM) does `import ContentType from 'content-type'`, which Node
 * resolves to the CommonJS exports object; ts-jest's CommonJS transform would instead read
 * `exports.default` (content-type 2 sets `__esModule`) and get undefined. This copy has no
 * `__esModule` flag, so the default import is the whole object, as in Node.
 */
const path = require('node:path');

module.exports = {
  ...require(path.join(__dirname, '..', '..', 'node_modules', 'content-type', 'dist', 'index.js')),
};
