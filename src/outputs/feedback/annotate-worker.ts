import { parentPort } from 'node:worker_threads';
import type { GuardedReply } from '../../intake/guarded-worker.js';
import { readCsvGrid } from '../../intake/csv.js';
import { IntakeFailure, describeCause } from '../../intake/intake-failure.js';
import { annotateGrid, annotateXlsx } from './annotate.js';
import type { AnnotateRequest } from './mark-guarded.js';
import { MarkUnsupported, markXlsxPackage } from './mark-xlsx.js';

/**
 * Worker thread that marks one workbook at a time for mark-guarded.ts, under the same heap and
 * time limits as the parse worker, so a workbook exceljs would spin on cannot hold the run.
 */
const port = parentPort;
if (!port) throw new Error('annotate-worker.ts must run as a worker thread');

port.on('message', (request: AnnotateRequest & { id: number }) => {
  void handle(request).then((reply) => port.postMessage(reply, reply.type === 'result' && reply.ok ? [reply.value.buffer as ArrayBuffer] : []));
});
port.postMessage({ type: 'ready' } satisfies GuardedReply<Uint8Array>);

async function mark(request: AnnotateRequest): Promise<Buffer> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (request.kind === 'text') return annotateGrid(readCsvGrid(bytes, request.sheetName), request.entries);
  try {
    return markXlsxPackage(bytes, request.entries, request.limits);
  } catch (error) {
    if (!(error instanceof MarkUnsupported)) throw error;
    // An unusual package: exceljs can still do it, within this worker's limits.
    return annotateXlsx(bytes, request.entries);
  }
}

async function handle(request: AnnotateRequest & { id: number }): Promise<GuardedReply<Uint8Array>> {
  try {
    const out = await mark(request);
    // A private copy that can move to the parent (a Buffer may share a pooled ArrayBuffer).
    return { type: 'result', id: request.id, ok: true, value: new Uint8Array(out) };
  } catch (error) {
    if (error instanceof IntakeFailure) return { type: 'result', id: request.id, ok: false, issueCode: error.issueCode, params: { ...error.params } };
    if (error instanceof RangeError && /allocation|memory|Invalid (array|string) length/i.test(error.message)) {
      return { type: 'result', id: request.id, ok: false, issueCode: 'SOURCE_TOO_LARGE', params: { reason: 'tệp cần quá nhiều bộ nhớ để đánh dấu' } };
    }
    return { type: 'result', id: request.id, ok: false, issueCode: 'SOURCE_CORRUPT', params: { reason: describeCause(error) } };
  }
}
