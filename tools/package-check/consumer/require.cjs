// CommonJS consumer: Node >= 20.19 loads the ESM packages through require(esm).
const errors = require('@ad-pipeline/errors');
const templates = require('@ad-pipeline/templates');
const assets = require('@ad-pipeline/asset-manager');

const error = new errors.PipelineError(errors.ErrorCode.API_TIMEOUT, 'slow upstream');
if (error.toJSON().error_code !== 'API_TIMEOUT') throw new Error('errors: wrong toJSON');
if (templates.getSceneTemplate('luxury').scenes.length !== 4) throw new Error('templates: wrong scenes');
if (typeof assets.AssetManager !== 'function') throw new Error('asset-manager: no AssetManager');
console.log(`require: ${error.toString()}; styles ${templates.getAvailableStyles().join(',')}`);
