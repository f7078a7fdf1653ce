import { Server } from 'node:http';
import request from 'supertest';

/**
 * A `fetch` that sends each request to the test backend's server whatever
 * the host in the URL, since Jest blocks the real network (and global fetch).
 */
export function fetchThroughServer(server: Server): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toLowerCase() as
      | 'get'
      | 'post'
      | 'delete';
    let req = request(server)[method](url.pathname + url.search);
    new Headers(init?.headers).forEach((value, name) => {
      req = req.set(name, value);
    });
    if (init?.body !== undefined && init.body !== null) {
      req = req.send(String(init.body));
    }
    const res = await req;
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    return new Response(res.status === 204 ? null : res.text, {
      status: res.status,
      headers,
    });
  };
}
