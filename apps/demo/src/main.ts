import { PACKAGE_NAME as E } from '@ad-pipeline/errors';
import { PACKAGE_NAME as T } from '@ad-pipeline/templates';
import { PACKAGE_NAME as A } from '@ad-pipeline/asset-manager';

console.log([E, T, A].join('\n'));
