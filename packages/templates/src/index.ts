import { PACKAGE_NAME as ERRORS } from '@ad-pipeline/errors';

/** Placeholder until this package lands. */
export const PACKAGE_NAME = '@ad-pipeline/templates';
/** Placeholder: the errors package this one depends on. */
export const DEPENDS_ON = ERRORS;
