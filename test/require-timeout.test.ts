import rule from '../rules/require-timeout.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const SIGNAL = 'signal: AbortSignal.timeout(10000)';

ruleTester().run('require-timeout', eslintRule(rule), {
  valid: [
    // fetch with a signal, however it is passed
    `fetch(url, { signal: AbortSignal.timeout(5000) });`,
    `const signal = AbortSignal.timeout(5000); fetch(url, { signal });`,
    `const init = { method: 'POST', signal: controller.signal }; fetch(url, init);`,
    `const base = { signal: AbortSignal.timeout(1000) }; fetch(url, { ...base, method: 'POST' });`,
    // a signal property whose value we do not judge
    `fetch(url, { signal: undefined });`,
    // options we cannot see through: not reported
    `fetch(url, options);`,
    `fetch(url, { ...options });`,
    `fetch(url, makeInit());`,
    `fetch(...args);`,
    // not the global fetch
    `function get(fetch: (u: string) => Promise<unknown>) { return fetch('/x'); }`,
    `import { fetch } from './my-fetch'; fetch(url);`,
    `const client = { fetch(u: string) { return u; } }; client.fetch(url);`,
    // browser code in a Next.js-style project
    `'use client';\nfetch('/api/items');`,
    // axios with a timeout or signal
    `import axios from 'axios'; axios.get(url, { timeout: 5000 });`,
    `import axios from 'axios'; axios.post(url, body, { timeout: 5000 });`,
    `import axios from 'axios'; axios({ url, method: 'get', timeout: 2000 });`,
    `import axios from 'axios'; axios.request({ url, signal });`,
    // getUri builds a URL and sends nothing (a second argument would not type-check)
    `import axios from 'axios'; axios.getUri({ url: '/users', baseURL });`,
    // got's options-only form, with its timeout in the first argument
    `import got from 'got'; await got({ url, timeout: { request: 5000 } });`,
    `import got from 'got'; await got.post({ url, json, timeout: { request: 5000 } });`,
    `import axios from 'axios'; const cfg = { timeout: 3000 }; axios.get(url, cfg);`,
    `import axios from 'axios'; axios.get(url, config);`,
    // instances created with a timeout, or given one afterwards
    `import axios from 'axios'; const api = axios.create({ baseURL, timeout: 5000 }); api.get('/x');`,
    `import axios from 'axios'; const api = axios.create({ baseURL }); api.defaults.timeout = 5000;`,
    `import axios from 'axios'; const opts = { timeout: 1 }; const api = axios.create({ ...opts });`,
    // project-wide axios defaults in this file
    `import axios from 'axios'; axios.defaults.timeout = 5000; axios.get(url);`,
    `import axios from 'axios'; axios.interceptors.request.use((config) => { config.timeout = 5000; return config; }); axios.get(url);`,
    // calls through an instance imported from elsewhere: the creation site is what is checked
    `import { api } from './http'; api.get('/orders');`,
    // undici's global dispatcher with timeouts covers every fetch
    `import { setGlobalDispatcher, Agent } from 'undici'; setGlobalDispatcher(new Agent({ headersTimeout: 10_000, bodyTimeout: 10_000 })); fetch(url);`,
    // a `get` that is not axios
    `import { get } from 'lodash'; get(obj, 'a');`,
    `const axios = makeClient(); axios.get(url);`,
    // settings declare a global timeout set up outside the code
    { code: `fetch(url);`, settings: { scalelint: { globalTimeouts: { fetch: true } } } },
  ],
  invalid: [
    {
      // got(options): the fix goes into the options, not into a second argument (got(url, options) wants a URL first)
      code: `import got from 'got'; await got({ url, method: 'POST' });`,
      output: `import got from 'got'; await got({ url, method: 'POST', timeout: { request: 10000 } });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 30, endColumn: 58 }],
    },
    {
      code: `await fetch(url);`,
      output: `await fetch(url, { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 7, endLine: 1, endColumn: 17 }],
    },
    {
      code: `globalThis.fetch('https://api.example.com');`,
      output: `globalThis.fetch('https://api.example.com', { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 1, endColumn: 44 }],
    },
    {
      code: `fetch(url, { method: 'POST', body });`,
      output: `fetch(url, { method: 'POST', body, ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout', column: 1, endColumn: 37 }],
    },
    {
      code: `fetch(url, {});`,
      output: `fetch(url, { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // multi-line options keep their layout and trailing comma
      code: `fetch(url, {\n  method: 'POST',\n  body,\n});`,
      output: `fetch(url, {\n  method: 'POST',\n  body,\n  ${SIGNAL},\n});`,
      errors: [{ messageId: 'missingTimeout', line: 1, endLine: 4 }],
    },
    {
      code: `fetch(url, {\n  method: 'POST' // create\n});`,
      output: `fetch(url, {\n  method: 'POST',\n  ${SIGNAL} // create\n});`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // options through a variable: reported, but the fix would change a shared object
      code: `const init = { method: 'POST' }; fetch(url, init);`,
      output: null,
      errors: [{ messageId: 'missingTimeout', column: 34 }],
    },
    {
      code: `import { fetch } from 'undici'; await fetch(url);`,
      output: `import { fetch } from 'undici'; await fetch(url, { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios';\nconst res = await axios.get(url);`,
      output: `import axios from 'axios';\nconst res = await axios.get(url, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 19, endColumn: 33 }],
    },
    {
      code: `import axios from 'axios'; axios.post(url, body);`,
      output: `import axios from 'axios'; axios.post(url, body, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // no data argument: the fix fills it so the config lands in the right place
      code: `import axios from 'axios'; axios.post(url);`,
      output: `import axios from 'axios'; axios.post(url, undefined, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios.put(url, body, { headers });`,
      output: `import axios from 'axios'; axios.put(url, body, { headers, timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios.patch(url, body);`,
      output: `import axios from 'axios'; axios.patch(url, body, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios.delete(url);`,
      output: `import axios from 'axios'; axios.delete(url, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios.request({ url, method: 'GET' });`,
      output: `import axios from 'axios'; axios.request({ url, method: 'GET', timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios({ url, method: 'post', data });`,
      output: `import axios from 'axios'; axios({ url, method: 'post', data, timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; axios(url);`,
      output: `import axios from 'axios'; axios(url, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // named import, aliased
      code: `import { get as httpGet } from 'axios'; httpGet(url);`,
      output: `import { get as httpGet } from 'axios'; httpGet(url, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import * as ax from 'axios'; ax.default.get(url);`,
      output: `import * as ax from 'axios'; ax.default.get(url, { timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // require() in CommonJS
      code: `const axios = require('axios');\naxios.get(url);`,
      output: `const axios = require('axios');\naxios.get(url, { timeout: 10000 });`,
      filename: 'test/fixtures/rule-tester/legacy.js',
      errors: [{ messageId: 'missingTimeout', line: 2 }],
    },
    {
      code: `const axios = require('axios').default; axios.get(url);`,
      output: `const axios = require('axios').default; axios.get(url, { timeout: 10000 });`,
      filename: 'test/fixtures/rule-tester/legacy.cjs',
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `const { get } = require('axios'); get(url);`,
      output: `const { get } = require('axios'); get(url, { timeout: 10000 });`,
      filename: 'test/fixtures/rule-tester/legacy.js',
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios'; const cfg = { headers }; axios.get(url, cfg);`,
      output: null,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://payments' });`,
      output: `import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://payments', timeout: 10000 });`,
      errors: [{ messageId: 'instanceWithoutTimeout', line: 2, column: 20, endColumn: 65 }],
    },
    {
      code: `import axios from 'axios'; const api = axios.create();`,
      output: `import axios from 'axios'; const api = axios.create({ timeout: 10000 });`,
      errors: [{ messageId: 'instanceWithoutTimeout' }],
    },
    {
      // one finding per root cause: the instance, not each call through it
      code: `import axios from 'axios'; const api = axios.create({}); api.get('/a'); api.post('/b', {});`,
      output: `import axios from 'axios'; const api = axios.create({ timeout: 10000 }); api.get('/a'); api.post('/b', {});`,
      errors: [{ messageId: 'instanceWithoutTimeout', column: 40 }],
    },
    {
      code: `import axios from 'axios'; axios.get(url, { timeout: 0 });`,
      output: null,
      errors: [{ messageId: 'timeoutDisabled', column: 45, endColumn: 55 }],
    },
    {
      // the option sets the timeout the fix inserts
      code: `fetch(url);`,
      options: [{ timeoutMs: 2500 }],
      output: `fetch(url, { signal: AbortSignal.timeout(2500) });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `async function load(id: string) {\n  const res = await fetch(\`/items/\${id}\`);\n  return res.json();\n}`,
      output: `async function load(id: string) {\n  const res = await fetch(\`/items/\${id}\`, { ${SIGNAL} });\n  return res.json();\n}`,
      errors: [{ messageId: 'missingTimeout', line: 2, column: 21, endColumn: 42 }],
    },
    {
      // an undici dispatcher without timeouts does not cover fetch
      code: `import { setGlobalDispatcher, Agent } from 'undici'; setGlobalDispatcher(new Agent({ connections: 10 })); fetch(url);`,
      output: `import { setGlobalDispatcher, Agent } from 'undici'; setGlobalDispatcher(new Agent({ connections: 10 })); fetch(url, { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      // axios defaults do not cover fetch, and vice versa
      code: `import axios from 'axios'; axios.defaults.timeout = 1000; fetch(url);`,
      output: `import axios from 'axios'; axios.defaults.timeout = 1000; fetch(url, { ${SIGNAL} });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `fetch(url,);`,
      output: `fetch(url, { ${SIGNAL} },);`,
      errors: [{ messageId: 'missingTimeout' }],
    },
  ],
});
