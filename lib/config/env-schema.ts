import * as z from 'zod';

/** zod pieces shared by the core settings and every connector's env fragment. */

/** Unset, empty and blank all mean "not configured". */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const integer = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `${name} must be a whole number`)
    .transform(Number);

/** An API root URL, with the trailing slash that client libraries append paths to. */
export const apiRootUrl = (fallback: string) =>
  z
    .url()
    .default(fallback)
    .transform((url) => (url.endsWith('/') ? url : `${url}/`));
