/** Node errno codes of network faults that may pass: worth retrying. */
export const NETWORK_ERRNO_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'EPROTO',
]);

/** undici error codes of transport faults that may pass: worth retrying (`UND_ERR_ABORTED` is not one). */
export const UNDICI_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  // The body ended before Content-Length bytes arrived: a cut connection, not a bad request.
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Codes (errno or undici) that mean "the other side took too long". */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Filesystem errno codes that mean "no permission". */
export const PERMISSION_ERRNO_CODES: ReadonlySet<string> = new Set(['EACCES', 'EPERM']);

/** Filesystem errno codes that mean "no space left". */
export const DISK_FULL_ERRNO_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT']);

/** Filesystem errno codes of every other storage failure. */
export const STORAGE_ERRNO_CODES: ReadonlySet<string> = new Set([
  'ENOENT',
  'EISDIR',
  'ENOTDIR',
  'EIO',
  'EEXIST',
  'ENOTEMPTY',
  'EMFILE',
  'ENFILE',
  'EBADF',
  'EBUSY',
  'EXDEV',
  'EROFS',
  'ENAMETOOLONG',
  'ELOOP',
  'EFBIG',
  'ETXTBSY',
  'EAGAIN',
]);
