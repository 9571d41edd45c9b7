import rule from '../rules/require-retry-jitter.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const sleepFn = `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\n`;

ruleTester().run('require-retry-jitter', eslintRule(rule), {
  valid: [
    // Libraries with jitter set, or jittered by default.
    `import pRetry from 'p-retry'; await pRetry(run, { retries: 5, randomize: true });`,
    `import retry from 'retry'; const op = retry.operation({ retries: 3, randomize: true });`,
    `import promiseRetry from 'promise-retry'; promiseRetry({ randomize: true }, (again) => work().catch(again));`,
    `import retry from 'async-retry'; await retry(async () => work(), { retries: 3 });`,
    `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { jitter: 'full' });`,
    `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    `import axiosRetry from 'axios-retry'; axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });`,
    `import axiosRetry, { exponentialDelay } from 'axios-retry'; axiosRetry(client, { retryDelay: exponentialDelay });`,
    `import axiosRetry from 'axios-retry'; axiosRetry(client, { retryDelay: (n) => n * 1000 + Math.random() * 500 });`,
    `import * as rax from 'retry-axios'; client.defaults.raxConfig = { retry: 3 }; const c = { raxConfig: { retry: 3, jitter: 'full' } };`,
    // Not a retry-axios file: any object may have a `raxConfig` key.
    `const c = { raxConfig: { retry: 3 } };`,
    `import got from 'got'; await got(url, { retry: { limit: 3 } });`,
    `import got from 'got'; await got({ url, retry: { limit: 3 } });`,
    `import got from 'got'; await got(url);`,
    `import got from 'got'; await got(url, { retry: { calculateDelay: ({ computedValue }) => computedValue / 2 } });`,
    `import ky from 'ky'; await ky.get(url, { retry: { limit: 3 } });`,
    `import ky from 'ky'; await ky.get(url, { retry: { delay: (n) => 2 ** n * 100, jitter: true } });`,
    // Options we cannot see into: not reported.
    `import pRetry from 'p-retry'; await pRetry(run, options);`,
    `import pRetry from 'p-retry'; await pRetry(run, { ...defaults });`,
    // Hand-written retries with jitter.
    `${sleepFn}async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await sleep(Math.random() * 100 * 2 ** i); }
  }
}`,
    `import { randomInt } from 'node:crypto';
${sleepFn}async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await sleep(100 * 2 ** i + randomInt(100)); }
  }
}`,
    `${sleepFn}async function f() {
  let delay = 100;
  while (true) {
    try { return await op(); } catch (e) { await sleep(delay); delay = delay * 2 + Math.random() * 50; }
  }
}`,
    `${sleepFn}import { withJitter } from './backoff';
async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await sleep(withJitter(100 * 2 ** i)); }
  }
}`,
    // A delay computed by a function we cannot see: in doubt, not reported.
    `${sleepFn}import { backoff } from './backoff';
async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await sleep(backoff(i)); }
  }
}`,
    // Fixed-interval polling: not a retry after failure.
    `${sleepFn}async function poll() {
  while (running) {
    try { await drain(); } catch (e) { log(e); }
    await sleep(1000);
  }
}`,
    `${sleepFn}async function waitForJob(id: string) {
  for (;;) {
    const job = await getJob(id);
    if (job.status === 'done') return job;
    await sleep(500);
  }
}`,
    // Failover across targets is not a retry of one call.
    `${sleepFn}async function f(urls: string[]) {
  for (const url of urls) {
    try { return await fetch(url); } catch (e) { await sleep(100); }
  }
}`,
    // A catch that always rethrows does not retry.
    `async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { throw e; }
  }
}`,
    // A loop that waits through something we do not recognise: in doubt, not reported.
    `async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await wait(i); }
  }
}`,
    // An imported helper that the project view cannot confirm is a sleep (not in the sandbox).
    `import { sleep } from './missing-helpers';
async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { await sleep(1000); }
  }
}`,
    // superagent without .retry, and an unrelated .retry method.
    `import request from 'superagent'; await request.get(url).timeout(5000);`,
    `await policy.retry(3);`,
  ],
  invalid: [
    // ---- p-retry ----
    {
      code: `import pRetry from 'p-retry'; await pRetry(run, { retries: 5 });`,
      output: `import pRetry from 'p-retry'; await pRetry(run, { retries: 5, randomize: true });`,
      errors: [{ messageId: 'noJitter', line: 1, column: 37, endColumn: 43 }],
    },
    {
      code: `import pRetry from 'p-retry'; await pRetry(run);`,
      output: `import pRetry from 'p-retry'; await pRetry(run, { randomize: true });`,
      errors: [{ messageId: 'noJitter', line: 1, column: 37, endColumn: 43 }],
    },
    {
      code: `const pRetry = require('p-retry');\nawait pRetry(run, {\n  retries: 5,\n});`,
      output: `const pRetry = require('p-retry');\nawait pRetry(run, {\n  retries: 5,\n  randomize: true,\n});`,
      errors: [{ messageId: 'noJitter', line: 2, column: 7, endColumn: 13 }],
    },
    {
      code: `import pRetry from 'p-retry'; await pRetry(run, { randomize: false });`,
      output: null,
      errors: [{
        messageId: 'jitterDisabled',
        line: 1,
        column: 51,
        endColumn: 67,
        suggestions: [{ messageId: 'setOption', output: `import pRetry from 'p-retry'; await pRetry(run, { randomize: true });` }],
      }],
    },
    {
      // Options in a variable: reported, but the fix would change every user of the variable.
      code: `import pRetry from 'p-retry'; const opts = { retries: 5 }; await pRetry(run, opts);`,
      output: null,
      errors: [{ messageId: 'noJitter', line: 1, column: 66, endColumn: 72 }],
    },
    // ---- retry (node-retry) ----
    {
      code: `import retry from 'retry'; const op = retry.operation({ retries: 3 });`,
      output: `import retry from 'retry'; const op = retry.operation({ retries: 3, randomize: true });`,
      errors: [{ messageId: 'noJitter', line: 1, column: 39, endColumn: 54 }],
    },
    {
      code: `import retry from 'retry'; const op = retry.operation();`,
      output: `import retry from 'retry'; const op = retry.operation({ randomize: true });`,
      errors: [{ messageId: 'noJitter' }],
    },
    // ---- promise-retry ----
    {
      code: `import promiseRetry from 'promise-retry'; promiseRetry((again) => work().catch(again), { retries: 3 });`,
      output: `import promiseRetry from 'promise-retry'; promiseRetry((again) => work().catch(again), { retries: 3, randomize: true });`,
      errors: [{ messageId: 'noJitter', line: 1, column: 43, endColumn: 55 }],
    },
    {
      code: `import promiseRetry from 'promise-retry'; promiseRetry({ retries: 3 }, (again) => work().catch(again));`,
      output: `import promiseRetry from 'promise-retry'; promiseRetry({ retries: 3, randomize: true }, (again) => work().catch(again));`,
      errors: [{ messageId: 'noJitter' }],
    },
    {
      code: `import promiseRetry from 'promise-retry'; promiseRetry((again) => work().catch(again));`,
      output: `import promiseRetry from 'promise-retry'; promiseRetry((again) => work().catch(again), { randomize: true });`,
      errors: [{ messageId: 'noJitter' }],
    },
    // ---- async-retry: only an explicit opt-out ----
    {
      code: `import retry from 'async-retry'; await retry(work, { randomize: false });`,
      output: null,
      errors: [{
        messageId: 'jitterDisabled',
        suggestions: [{ messageId: 'setOption', output: `import retry from 'async-retry'; await retry(work, { randomize: true });` }],
      }],
    },
    // ---- exponential-backoff ----
    {
      code: `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { numOfAttempts: 5 });`,
      output: `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { numOfAttempts: 5, jitter: 'full' });`,
      errors: [{ messageId: 'noJitter', line: 1, column: 54, endColumn: 61 }],
    },
    {
      code: `import { backOff } from 'exponential-backoff'; await backOff(() => work());`,
      output: `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { jitter: 'full' });`,
      errors: [{ messageId: 'noJitter' }],
    },
    {
      code: `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { jitter: 'none' });`,
      output: null,
      errors: [{
        messageId: 'jitterDisabled',
        suggestions: [{ messageId: 'setOption', output: `import { backOff } from 'exponential-backoff'; await backOff(() => work(), { jitter: 'full' });` }],
      }],
    },
    // ---- cockatiel ----
    {
      code: `import { retry, handleAll } from 'cockatiel'; const p = retry(handleAll, { maxAttempts: 3 });`,
      output: null,
      errors: [{ messageId: 'noDelay', line: 1, column: 57, endColumn: 62 }],
    },
    {
      code: `import { retry, handleAll, ConstantBackoff } from 'cockatiel'; retry(handleAll, { backoff: new ConstantBackoff(50) });`,
      output: null,
      errors: [{ messageId: 'noJitter', line: 1, column: 83, endColumn: 115 }],
    },
    {
      code: `import { retry, handleAll, ExponentialBackoff, noJitterGenerator } from 'cockatiel'; retry(handleAll, { backoff: new ExponentialBackoff({ generator: noJitterGenerator }) });`,
      output: null,
      errors: [{ messageId: 'noJitter' }],
    },
    // ---- axios-retry ----
    {
      code: `import axiosRetry from 'axios-retry'; axiosRetry(client, { retries: 3 });`,
      output: null,
      errors: [{
        messageId: 'noDelay',
        line: 1,
        column: 39,
        endColumn: 49,
        suggestions: [{ messageId: 'setOption', output: `import axiosRetry from 'axios-retry'; axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });` }],
      }],
    },
    {
      code: `import axiosRetry from 'axios-retry'; axiosRetry(client, { retries: 3, retryDelay: () => 1000 });`,
      output: null,
      errors: [{
        messageId: 'noJitter',
        line: 1,
        column: 72,
        endColumn: 94,
        suggestions: [{ messageId: 'setOption', output: `import axiosRetry from 'axios-retry'; axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });` }],
      }],
    },
    // ---- retry-axios ----
    {
      // No type reaches this object: `'full'` would widen to `string`, which RetryConfig's
      // `jitter?: 'none' | 'full' | 'equal'` rejects where the config is used.
      code: `import * as rax from 'retry-axios';\nrax.attach(client);\nconst config = { raxConfig: { retry: 3, backoffType: 'exponential' as const } };`,
      output: `import * as rax from 'retry-axios';\nrax.attach(client);\nconst config = { raxConfig: { retry: 3, backoffType: 'exponential' as const, jitter: 'full' as const } };`,
      errors: [{ messageId: 'noJitter', line: 3, column: 18, endColumn: 27 }],
    },
    {
      // A typed declaration, a call argument, an assignment: the literal keeps its type.
      code: `import * as rax from 'retry-axios';\nconst a: RaxOptions = { raxConfig: { retry: 3 } };\nawait client.get(url, { raxConfig: { retry: 3 } });\nclient.defaults = { raxConfig: { retry: 3 } };`,
      output: `import * as rax from 'retry-axios';\nconst a: RaxOptions = { raxConfig: { retry: 3, jitter: 'full' } };\nawait client.get(url, { raxConfig: { retry: 3, jitter: 'full' } });\nclient.defaults = { raxConfig: { retry: 3, jitter: 'full' } };`,
      errors: [
        { messageId: 'noJitter', line: 2, column: 25, endColumn: 34 },
        { messageId: 'noJitter', line: 3, column: 25, endColumn: 34 },
        { messageId: 'noJitter', line: 4, column: 21, endColumn: 30 },
      ],
    },
    {
      // JavaScript has no `as const`, and no types to keep.
      filename: 'test/fixtures/rule-tester/config.js',
      code: `import * as rax from 'retry-axios';\nconst config = { raxConfig: { retry: 3 } };`,
      output: `import * as rax from 'retry-axios';\nconst config = { raxConfig: { retry: 3, jitter: 'full' } };`,
      errors: [{ messageId: 'noJitter', line: 2, column: 18, endColumn: 27 }],
    },
    // ---- got ----
    {
      code: `import got from 'got'; await got(url, { retry: { limit: 3, calculateDelay: ({ attemptCount }) => attemptCount * 1000 } });`,
      output: null,
      errors: [{ messageId: 'noJitter', line: 1, column: 60, endColumn: 117 }],
    },
    {
      // got(options): the options are the first argument.
      code: `import got from 'got'; await got({ url, retry: { calculateDelay: ({ attemptCount }) => attemptCount * 1000 } });`,
      output: null,
      errors: [{ messageId: 'noJitter', line: 1, column: 50, endColumn: 107 }],
    },
    {
      code: `import got from 'got'; const options = { url, retry: { noise: 0 } }; await got(options);`,
      output: null,
      errors: [{
        messageId: 'jitterDisabled',
        suggestions: [{ messageId: 'setOption', output: `import got from 'got'; const options = { url, retry: { noise: 100 } }; await got(options);` }],
      }],
    },
    {
      code: `import got from 'got'; const api = got.extend({ retry: { noise: 0 } });`,
      output: null,
      errors: [{
        messageId: 'jitterDisabled',
        suggestions: [{ messageId: 'setOption', output: `import got from 'got'; const api = got.extend({ retry: { noise: 100 } });` }],
      }],
    },
    // ---- ky ----
    {
      code: `import ky from 'ky'; await ky.get(url, { retry: { limit: 3, delay: (n) => 2 ** n * 100 } });`,
      output: null,
      errors: [{
        messageId: 'noJitter',
        line: 1,
        column: 61,
        endColumn: 87,
        suggestions: [{ messageId: 'setOption', output: `import ky from 'ky'; await ky.get(url, { retry: { limit: 3, delay: (n) => 2 ** n * 100, jitter: true } });` }],
      }],
    },
    // ---- superagent ----
    {
      code: `import request from 'superagent'; await request.post(url).send(body).retry(3);`,
      output: null,
      errors: [{ messageId: 'retryResends', line: 1, column: 70, endColumn: 75 }],
    },
    // ---- hand-written loops ----
    {
      code: `${sleepFn}async function f() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await op();
    } catch (e) {
      await sleep(200 * 2 ** attempt);
    }
  }
}`,
      output: null,
      errors: [{
        messageId: 'noJitterLoop',
        line: 7,
        column: 19,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'fullJitter',
            output: `${sleepFn}async function f() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await op();
    } catch (e) {
      await sleep(Math.random() * (200 * 2 ** attempt));
    }
  }
}`,
          },
          {
            messageId: 'equalJitter',
            output: `${sleepFn}async function f() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await op();
    } catch (e) {
      await sleep((200 * 2 ** attempt) / 2 + Math.random() * (200 * 2 ** attempt) / 2);
    }
  }
}`,
          },
        ],
      }],
    },
    {
      // A constant delay, a `function` sleep helper, and a `while` loop with a counter.
      code: `function wait(ms: number) { return new Promise<void>((resolve) => { setTimeout(resolve, ms); }); }
const DELAY = 500;
async function f() {
  let n = 0;
  while (n < 5) {
    try { return await op(); } catch { n++; }
    await wait(DELAY);
  }
}`,
      output: null,
      errors: [{
        messageId: 'noJitterLoop',
        line: 7,
        column: 16,
        endColumn: 21,
        suggestions: [
          { messageId: 'fullJitter', output: `function wait(ms: number) { return new Promise<void>((resolve) => { setTimeout(resolve, ms); }); }
const DELAY = 500;
async function f() {
  let n = 0;
  while (n < 5) {
    try { return await op(); } catch { n++; }
    await wait(Math.random() * DELAY);
  }
}` },
          { messageId: 'equalJitter', output: `function wait(ms: number) { return new Promise<void>((resolve) => { setTimeout(resolve, ms); }); }
const DELAY = 500;
async function f() {
  let n = 0;
  while (n < 5) {
    try { return await op(); } catch { n++; }
    await wait(DELAY / 2 + Math.random() * DELAY / 2);
  }
}` },
        ],
      }],
    },
    {
      // An inline promise sleep and a doubling `let`.
      code: `async function f() {
  let delay = 100;
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) {
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}`,
      output: null,
      errors: [{ messageId: 'noJitterLoop', line: 5, column: 46, endColumn: 51, suggestions: [
        { messageId: 'fullJitter', output: `async function f() {
  let delay = 100;
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) {
      await new Promise((r) => setTimeout(r, Math.random() * delay));
      delay *= 2;
    }
  }
}` },
        { messageId: 'equalJitter', output: `async function f() {
  let delay = 100;
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) {
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * delay / 2));
      delay *= 2;
    }
  }
}` },
      ] }],
    },
    {
      // timers/promises, and a failed-response check instead of a try.
      code: `import { setTimeout as sleep } from 'node:timers/promises';
async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.ok) return res;
    await sleep(1000 * i);
  }
}`,
      output: null,
      errors: [{ messageId: 'noJitterLoop', line: 6, column: 17, endColumn: 25, suggestions: [
        { messageId: 'fullJitter', output: `import { setTimeout as sleep } from 'node:timers/promises';
async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.ok) return res;
    await sleep(Math.random() * (1000 * i));
  }
}` },
        { messageId: 'equalJitter', output: `import { setTimeout as sleep } from 'node:timers/promises';
async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.ok) return res;
    await sleep((1000 * i) / 2 + Math.random() * (1000 * i) / 2);
  }
}` },
      ] }],
    },
    {
      // Recursion: wait, then call itself again on failure.
      code: `${sleepFn}async function fetchWithRetry(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    if (attempt >= 3) throw e;
    await sleep(2 ** attempt * 100);
    return fetchWithRetry(url, attempt + 1);
  }
}`,
      output: null,
      errors: [{ messageId: 'noJitterLoop', line: 7, column: 17, endColumn: 35, suggestions: [
        { messageId: 'fullJitter', output: `${sleepFn}async function fetchWithRetry(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    if (attempt >= 3) throw e;
    await sleep(Math.random() * (2 ** attempt * 100));
    return fetchWithRetry(url, attempt + 1);
  }
}` },
        { messageId: 'equalJitter', output: `${sleepFn}async function fetchWithRetry(url: string, attempt = 0): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    if (attempt >= 3) throw e;
    await sleep((2 ** attempt * 100) / 2 + Math.random() * (2 ** attempt * 100) / 2);
    return fetchWithRetry(url, attempt + 1);
  }
}` },
      ] }],
    },
    {
      // Callback recursion through setTimeout in a `.catch`.
      code: `function connect(attempt: number) {
  open().catch(() => setTimeout(() => connect(attempt + 1), 1000));
}`,
      output: null,
      errors: [{ messageId: 'noJitterLoop', line: 2, column: 61, endColumn: 65, suggestions: [
        { messageId: 'fullJitter', output: `function connect(attempt: number) {
  open().catch(() => setTimeout(() => connect(attempt + 1), Math.random() * 1000));
}` },
        { messageId: 'equalJitter', output: `function connect(attempt: number) {
  open().catch(() => setTimeout(() => connect(attempt + 1), 1000 / 2 + Math.random() * 1000 / 2));
}` },
      ] }],
    },
    {
      // No delay at all between attempts.
      code: `async function f() {
  for (let i = 0; i < 3; i++) {
    try { return await op(); } catch (e) { console.warn(e); }
  }
}`,
      output: null,
      errors: [{ messageId: 'noDelayLoop', line: 2, column: 3, endColumn: 6 }],
    },
    {
      code: `async function f() {
  let result;
  do {
    try { result = await op(); break; } catch { tries++; }
  } while (tries < 3);
}`,
      output: null,
      errors: [{ messageId: 'noDelayLoop', line: 3, column: 3, endColumn: 5 }],
    },
  ],
});
