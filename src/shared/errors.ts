import type { z } from 'zod';
import type { ErrorBody } from './schemas';

/** Turns a zod failure into the API's error body, naming the field and what it allows. */
export function validationErrorBody(error: z.ZodError): ErrorBody {
  const issue = error.issues[0];
  if (!issue) return { error: { code: 'invalid_parameter', message: 'invalid input' } };
  let path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]!];
    message = `is not a known field`;
  }
  const field = path.join('.');
  return {
    error: {
      code: 'invalid_parameter',
      message: field ? `${field} ${message}` : message,
      ...(field ? { field } : {}),
    },
  };
}
