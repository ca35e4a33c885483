import { defineConfig } from 'vitest/config';

// npm run test:kernel — differential tests against the real kernel (root, Debian's iptables 1.8.9, ../shared/oracle)
export default defineConfig({
  test: {
    include: ['test/kernel/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
