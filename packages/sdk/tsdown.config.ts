import { defineConfig } from 'tsdown';

export default defineConfig({
  // The webhook receiver is a subpath of its own, so that a client that never receives webhooks never loads it.
  entry: { index: 'src/index.ts', webhooks: 'src/webhooks/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  sourcemap: true,
  // Loaded lazily, and only by the file token store: the SDK itself needs nothing but fetch.
  external: [/^node:/],
});
