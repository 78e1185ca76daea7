import { parentPort } from 'node:worker_threads';
import { IntakeFailure, describeCause } from '../intake-failure.js';
import type { ReadLimits } from '../read-limits.js';
import { transferList } from './grid-transfer.js';
import { readXlsxPackagePacked } from './xlsx-package.js';
import type { ParseReply, ParseRequest } from './parse-isolated.js';

/**
 * Worker thread that parses one .xlsx at a time for parse-isolated.ts, so a workbook that makes
 * exceljs spin or swell can be stopped (terminate) without taking the run down.
 */
const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run as a worker thread');

port.on('message', (request: ParseRequest) => {
  // The packed grid's buffers move to the parent without a copy.
  void handle(request).then((reply) => port.postMessage(reply, reply.type === 'result' && reply.ok ? transferList(reply.value) : []));
});
port.postMessage({ type: 'ready' } satisfies ParseReply);

async function handle(request: ParseRequest): Promise<ParseReply> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const packed = await readXlsxPackagePacked(bytes, request.limits as ReadLimits);
    return { type: 'result', id: request.id, ok: true, value: packed };
  } catch (error) {
    if (error instanceof IntakeFailure) return { type: 'result', id: request.id, ok: false, issueCode: error.issueCode, params: { ...error.params } };
    if (error instanceof RangeError && /allocation|memory|Invalid (array|string) length/i.test(error.message)) {
      return { type: 'result', id: request.id, ok: false, issueCode: 'SOURCE_TOO_LARGE', params: { reason: 'tệp cần quá nhiều bộ nhớ để đọc' } };
    }
    return { type: 'result', id: request.id, ok: false, issueCode: 'SOURCE_CORRUPT', params: { reason: `nội dung không đúng cấu trúc Excel (${describeCause(error)})` } };
  }
}
