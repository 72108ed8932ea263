/**
 * One contract call outside HTTP (the desktop IPC): validate the input with the shared zod
 * contract, run the handler, and turn every failure into the same status and error body the
 * REST API answers with. `errorResponse` is that mapping, shared with the REST app.
 */
import { z } from 'zod';
import { contract, type Handlers, type Method, type Output } from '../shared/contract';
import { validationErrorBody } from '../shared/errors';
import type { IpcResult } from '../shared/ipc';
import type { ErrorBody } from '../shared/schemas';
import { ApiError } from './api-error';
import { DrawImportError } from './draws/formats';
import { SyncError } from './draws/sync';
import { BatchValidationError } from './store/ticket-store';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

const body = (code: string, message: string, field?: string): ErrorBody => ({
  error: { code, message, ...(field ? { field } : {}) },
});

/**
 * `validationErrorBody` words an `invalid_type` issue by the value that was sent, but zod 4
 * leaves `input` out of its issues unless asked; put back the value that was actually sent,
 * so `limit=abc` reports the allowed range instead of "limit is required".
 */
export function zodErrorBody(error: z.ZodError, data: unknown): ErrorBody {
  const issues = error.issues.map((issue) => {
    if (issue.code !== 'invalid_type' || 'input' in issue) return issue;
    let value: unknown = data;
    for (const key of issue.path) {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<PropertyKey, unknown>)[key]
          : undefined;
    }
    return { ...issue, input: value };
  });
  return validationErrorBody(new z.ZodError(issues));
}

/**
 * The status and error body for anything a handler throws. Unknown errors are logged and
 * answered with a generic 500, so internals never reach a client.
 */
export function errorResponse(
  err: unknown,
  log: (message: string, err: unknown) => void = console.error,
): ErrorResponse {
  if (err instanceof ApiError) {
    return { status: err.status, body: body(err.code, err.message, err.field) };
  }
  if (err instanceof DrawImportError) {
    return { status: 400, body: body('invalid_file', err.message, 'text') };
  }
  if (err instanceof BatchValidationError) {
    return { status: 400, body: body('invalid_batch', err.message, 'tickets') };
  }
  if (err instanceof SyncError) return { status: 502, body: body('sync_failed', err.message) };
  if (err instanceof z.ZodError) return { status: 400, body: validationErrorBody(err) };
  log('API handler failed:', err);
  return { status: 500, body: body('internal', 'internal error; see the engine log') };
}

const failure = ({ status, body }: ErrorResponse): IpcResult<never> => ({
  ok: false,
  status,
  error: body.error,
});

export interface DispatchOptions {
  log?: (message: string, err: unknown) => void;
}

/**
 * Validates `rawInput` against `contract[method].input` and calls the handler. Never
 * rejects: every outcome is an `IpcResult`. A missing input counts as `{}`.
 */
export async function dispatch<K extends Method>(
  handlers: Handlers,
  method: K,
  rawInput: unknown,
  opts: DispatchOptions = {},
): Promise<IpcResult<Output<K>>> {
  if (!Object.hasOwn(contract, method)) {
    return failure({
      status: 404,
      body: body('not_found', `no API method ${JSON.stringify(String(method))}`),
    });
  }
  const input = rawInput === undefined ? {} : rawInput;
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) return failure({ status: 400, body: zodErrorBody(parsed.error, input) });
  try {
    const handler = handlers[method] as (input: unknown) => Output<K> | Promise<Output<K>>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return failure(errorResponse(err, opts.log));
  }
}
