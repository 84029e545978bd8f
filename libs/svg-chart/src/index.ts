export { escapeXml, niceMax } from './svg-text.js';
