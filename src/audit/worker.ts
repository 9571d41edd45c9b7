// A worker thread of the audit's map step: analyses batches of files and posts back plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveRules } from './config.js';
import { mapMany, type FileOutcome, type WorkerBatch, type WorkerInit } from './map.js';

const init = workerData as WorkerInit;
const rules = resolveRules(init.config);

parentPort!.on('message', (batch: WorkerBatch) => {
  const out: FileOutcome[] = mapMany(batch.items, rules, init.config, init.maxFileSize);
  parentPort!.postMessage(out);
});
