// acquireLock (src/engine/file-lock.ts): one ESLint thread or process scans a project, the others
// wait for its results instead of scanning too.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../src/engine/file-lock.js';
import { tempFolders } from './helpers/temp.js';

const folder = tempFolders('scalelint-lock-');
const lockPath = () => path.join(folder(), 'scan.json.lock');

/** A holder in another process: takes the lock, beats for `holdMs` (or not at all), then releases (or not). */
function holder(lock: string, holdMs: number, options: { beat: boolean; release: boolean }): Promise<void> {
  const module = path.resolve('dist/src/engine/file-lock.js');
  const code = `
    import(${JSON.stringify(module)}).then(({ acquireLock }) => {
      const held = acquireLock(${JSON.stringify(lock)}, { staleMs: 400 });
      console.log('held');
      const until = Date.now() + ${holdMs};
      while (Date.now() < until) { ${options.beat ? 'held.beat();' : ''} Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }
      ${options.release ? 'held.release();' : ''}
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
  });
}

describe('acquireLock', () => {
  it('takes a free lock, and release removes it', () => {
    const lock = lockPath();
    const held = acquireLock(lock)!;
    expect(fs.readFileSync(lock, 'utf8')).toMatch(/^\d+:\d+:\d+$/);
    held.release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('waits while a live holder keeps the lock fresh, then takes it', async () => {
    const lock = lockPath();
    await holder(lock, 1200, { beat: true, release: true });
    const started = Date.now();
    const held = acquireLock(lock, { staleMs: 400, maxWaitMs: 4000 });
    const waited = Date.now() - started;
    expect(held).toBeDefined();
    // Three times the stale time: it waited for the release, not for the lock to go stale.
    expect(waited).toBeGreaterThan(800);
    held!.release();
  });

  it('takes over a lock whose holder stopped touching it (killed mid-scan)', async () => {
    const lock = lockPath();
    await holder(lock, 0, { beat: false, release: false });
    const started = Date.now();
    const held = acquireLock(lock, { staleMs: 400, maxWaitMs: 4000 });
    expect(held).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(fs.readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid}:`));
    expect(fs.readdirSync(path.dirname(lock))).toEqual([path.basename(lock)]);
    held!.release();
  });

  it('takes a lock left long ago at once', () => {
    const lock = lockPath();
    fs.writeFileSync(lock, '1:0:1');
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lock, old, old);
    const started = Date.now();
    expect(acquireLock(lock)).toBeDefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up after maxWaitMs, and when the folder cannot be written', () => {
    const lock = lockPath();
    fs.writeFileSync(lock, '1:0:1'); // fresh: a live holder, as far as anyone can tell
    const started = Date.now();
    expect(acquireLock(lock, { maxWaitMs: 200 })).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(acquireLock(path.join(path.dirname(lock), 'missing', 'x.lock'))).toBeUndefined();
  });

  it('release leaves alone a lock that was taken over meanwhile', () => {
    const lock = lockPath();
    const held = acquireLock(lock)!;
    fs.writeFileSync(lock, 'another holder');
    held.release();
    expect(fs.readFileSync(lock, 'utf8')).toBe('another holder');
  });
});

describe('acquireLock and clocks', () => {
  it('takes over a lock dated in the future once it has not changed for the stale time', () => {
    // Its holder's clock ran ahead (a network file system) and it was killed: waiting for its time
    // to pass would wait as long as the clocks differ.
    const lock = lockPath();
    fs.writeFileSync(lock, '1:0:1');
    const future = (Date.now() + 3_600_000) / 1000;
    fs.utimesSync(lock, future, future);
    const started = Date.now();
    expect(acquireLock(lock, { staleMs: 300, maxWaitMs: 2000 })).toBeDefined();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(3000);
  });
});

describe('acquireLock and locks it cannot move', () => {
  it('waits within maxWaitMs, and does not spin, when a stale lock cannot be moved away', async () => {
    const { threadId } = await import('node:worker_threads');
    const lock = lockPath();
    fs.writeFileSync(lock, '1:0:1');
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lock, old, old);
    // Folders where the stale lock would be moved to: a file cannot be renamed over a folder.
    for (let n = 1; n <= 200; n++) fs.mkdirSync(`${lock}.stale-${process.pid}-${threadId}-${n}`);
    const started = Date.now();
    expect(acquireLock(lock, { maxWaitMs: 300 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fs.readFileSync(lock, 'utf8')).toBe('1:0:1');
  });
});
