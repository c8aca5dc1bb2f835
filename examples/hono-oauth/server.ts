/**
 * Serves the app on the port of MONZO_REDIRECT_URI (or PORT), on loopback unless HOST says otherwise.
 *
 *   MONZO_CLIENT_ID=… MONZO_CLIENT_SECRET=… MONZO_REDIRECT_URI=http://127.0.0.1:8080/callback npx tsx server.ts
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

const env = process.env;
const missing = ['MONZO_CLIENT_ID', 'MONZO_CLIENT_SECRET', 'MONZO_REDIRECT_URI'].filter((name) => !env[name]);
if (missing.length > 0) {
  console.error(`Set ${missing.join(', ')}: see README.md.`);
  process.exit(2);
}
const redirectUri = new URL(env.MONZO_REDIRECT_URI as string);

const app = createApp({
  clientId: env.MONZO_CLIENT_ID as string,
  clientSecret: env.MONZO_CLIENT_SECRET as string,
  redirectUri: redirectUri.href,
  apiUrl: env.MONZO_API_URL,
  authUrl: env.MONZO_AUTH_URL,
  publicUrl: env.PUBLIC_URL,
  webhookSecret: env.MONZO_WEBHOOK_SECRET,
});

// The callback is this app's own URL, so by default the app listens where it points.
const port = Number(env.PORT ?? (redirectUri.port || (redirectUri.protocol === 'https:' ? 443 : 80)));
const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`Listening on http://${info.address}:${info.port}: open ${redirectUri.origin}/ to log in.`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
