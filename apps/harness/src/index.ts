export { PACKAGE_NAME as ERRORS } from '@ad-pipeline/errors';
export { PACKAGE_NAME as TEMPLATES } from '@ad-pipeline/templates';
export { PACKAGE_NAME as ASSET_MANAGER } from '@ad-pipeline/asset-manager';
