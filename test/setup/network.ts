import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No test reaches the network: only loopback (supertest, local servers) is allowed, and every
// faked authority must be registered by the test that needs it.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost') || host.startsWith('[::1]'));
});

afterEach(() => {
  nock.cleanAll();
});
