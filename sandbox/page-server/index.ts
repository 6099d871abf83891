/** The page that stands in for Slack, and its JSON API (see server.ts). */
export { type AppManifest, readAppManifest } from './manifest.js';
export { type PageServer, type PageServerOptions, startPageServer } from './server.js';
