/** Placeholder until the errors package lands. */
export const PACKAGE_NAME = '@ad-pipeline/errors';
