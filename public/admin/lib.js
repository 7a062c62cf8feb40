// @ts-check
// Preact and htm from public/vendor/ (copies of the npm packages' ES modules), typed from the
// packages themselves: the minified copies carry no types.
import * as preactModule from '../vendor/preact.mjs';
import * as hooksModule from '../vendor/preact-hooks.mjs';
import htmModule from '../vendor/htm.mjs';

/** @type {typeof import('preact')} */
export const preact = /** @type {any} */ (preactModule);
/** @type {typeof import('preact/hooks')} */
const hooks = /** @type {any} */ (hooksModule);
export const { useState, useEffect, useRef, useCallback } = hooks;

/** htm bound to Preact's `h`: tagged templates instead of JSX, with no build step. */
export const html = /** @type {(strings: TemplateStringsArray, ...values: unknown[]) => import('preact').VNode<any>} */ (
  /** @type {any} */ (htmModule).bind(preact.h)
);

/** The value of the input an event came from. */
export function inputValue(/** @type {Event} */ event) {
  return /** @type {HTMLInputElement | HTMLSelectElement} */ (event.currentTarget).value;
}
