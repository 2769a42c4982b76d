import { ErrorCode, PipelineError } from '@ad-pipeline/errors';

const MESSAGE = 'Download failed: HTTP 503 from the asset host';
const USER_MESSAGE = 'We could not fetch one of your assets. Please try again.';
const details = (attempt: number) => ({ status: 503, url: 'https://cdn.example.com/assets/scene_1.mp4', attempt });

/** Ours: a `PipelineError` created and serialised through `toJSON` (the API response body). */
export function createPipelineErrorJson(): () => unknown {
  let attempt = 0;
  return () => JSON.stringify(new PipelineError(ErrorCode.ASSET_DOWNLOAD_FAILED, MESSAGE, details(attempt++ & 7)));
}

/** The peer: a plain `Error` and `JSON.stringify` of the same response body, built by hand. */
export function createPlainErrorJson(): () => unknown {
  let attempt = 0;
  return () => {
    const error = new Error(MESSAGE);
    return JSON.stringify({
      error_code: 'ASSET_DOWNLOAD_FAILED',
      message: error.message,
      details: details(attempt++ & 7),
      user_message: USER_MESSAGE,
    });
  };
}
