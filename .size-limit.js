// The size budget CI enforces (`npm test` runs `size-limit` after the build): what `import * from 'monzo-ts'`
// adds to a user's bundle, minified and gzipped. Raise a limit only on purpose, with the reason in the commit.
// `npm run size` compares the same figures with openai and stripe.
const forNode = (config) => ({ ...config, platform: 'node' });

export default [
  {
    name: 'monzo-ts',
    path: 'packages/sdk/dist/index.js',
    import: '*',
    gzip: true,
    limit: '17.5 kB',
    modifyEsbuildConfig: forNode,
  },
  {
    name: 'monzo-ts/webhooks',
    path: 'packages/sdk/dist/webhooks.js',
    import: '*',
    gzip: true,
    limit: '4 kB',
    modifyEsbuildConfig: forNode,
  },
];
