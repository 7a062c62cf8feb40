import * as z from 'zod';
import { printifyConfig, type PrintifySettings } from '../../../../lib/connectors/printify/printify.config.js';

/** Printify's settings as the environment `env` gives them (the fragment's own parse and mapping). */
export function printifySettings(env: Record<string, string> = {}): PrintifySettings {
  return printifyConfig.settings(z.object(printifyConfig.env).parse(env));
}
