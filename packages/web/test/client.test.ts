// The API client against a tiny fake of the HTTP contract (docs/api.md) on a real socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError } from '../src/api/client.ts';

interface Seen { method: string; url: string; auth?: string; body: unknown }

async function fakeApi(handler: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const s: Seen = { method: req.method!, url: req.url!, auth: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined };
    seen.push(s);
    handler(s, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { seen, baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

test('login asks for TOTP, then sends the bearer token on later calls', async () => {
  const api = await fakeApi((req, res) => {
    if (req.url === '/v1/auth/login') {
      const b = req.body as { totp?: string };
      if (!b.totp) return json(res, 401, { status: 401, title: 'Unauthorized', code: 'TOTP_REQUIRED' }, 'application/problem+json');
      return json(res, 200, { token: 't0k', expiresAt: '2030-01-01T00:00:00Z', user: { id: 'u1', username: 'op', roles: ['operator'] } });
    }
    if (req.url === '/v1/purposes') return json(res, 200, [{ id: 'p1', label: 'Identity check' }]);
    json(res, 404, { status: 404, code: 'NOT_FOUND' });
  });
  try {
    const client = new ApiClient({ baseUrl: api.baseUrl });
    await assert.rejects(client.login('op', 'pw'), (e: unknown) => e instanceof ApiError && e.status === 401 && e.code === 'TOTP_REQUIRED');
    assert.equal(client.signedIn, false);
    const r = await client.login('op', 'pw', '123456');
    assert.equal(r.user.username, 'op');
    assert.deepEqual(await client.purposes(), [{ id: 'p1', label: 'Identity check' }]);
    assert.equal(api.seen[2].auth, 'Bearer t0k');
    assert.deepEqual(api.seen[1].body, { username: 'op', password: 'pw', totp: '123456' });
  } finally {
    await api.close();
  }
});

test('search posts the contract body and review encodes the path', async () => {
  const api = await fakeApi((req, res) => {
    if (req.url === '/v1/auth/login') return json(res, 200, { token: 'x', expiresAt: '', user: { id: 'u', username: 'a', roles: [] } });
    if (req.url === '/v1/search') return json(res, 200, { searchId: 's/1', threshold: 4, candidates: [], noCandidate: true, training: false });
    if (req.url?.startsWith('/v1/searches/')) { res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{"ok":true}'); }
    json(res, 404, {});
  });
  try {
    const client = new ApiClient({ baseUrl: api.baseUrl });
    await client.login('a', 'b');
    const body = { registries: ['r1'], purpose: 'p1', caseRef: 'C-1', face: { image: 'AAAA' } };
    const r = await client.search(body);
    assert.equal(r.noCandidate, true);
    assert.deepEqual(api.seen[1].body, body);
    await client.review('s/1', 2, { decision: 'rejected', reason: 'different person' });
    assert.equal(api.seen[2].url, '/v1/searches/s%2F1/candidates/2/review');
    assert.deepEqual(api.seen[2].body, { decision: 'rejected', reason: 'different person' });
  } finally {
    await api.close();
  }
});

test('a request that never reaches the server is a network error (status 0)', async () => {
  const api = await fakeApi(() => undefined);
  const baseUrl = api.baseUrl;
  await api.close();
  const client = new ApiClient({ baseUrl });
  await assert.rejects(client.purposes(), (e: unknown) => e instanceof ApiError && e.isNetwork);
});

test('an expired session (401) forgets the token', async () => {
  const api = await fakeApi((req, res) => {
    if (req.url === '/v1/auth/login') return json(res, 200, { token: 'x', expiresAt: '', user: { id: 'u', username: 'a', roles: [] } });
    json(res, 401, { status: 401, code: 'UNAUTHENTICATED', detail: 'Session expired' });
  });
  try {
    const client = new ApiClient({ baseUrl: api.baseUrl });
    await client.login('a', 'b');
    await assert.rejects(client.registries(), (e: unknown) => e instanceof ApiError && e.message === 'Session expired');
    assert.equal(client.signedIn, false);
  } finally {
    await api.close();
  }
});
