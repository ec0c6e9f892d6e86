export { entraErrorBody } from './error-body.js';
