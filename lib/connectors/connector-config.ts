import type { z } from 'zod';

/**
 * A connector's fragment of the environment (DESIGN.md: config is composed from per-connector
 * fragments). `lib/config/env.ts` merges every fragment into one schema, so a bad value is
 * named with all the others, and requires `secrets` in production only for enabled connectors.
 */
export interface ConnectorConfig<Shape extends z.ZodRawShape = z.ZodRawShape, Settings = unknown> {
  platform: string;
  env: Shape;
  /** Variables production needs when the connector is enabled (e.g. the OAuth app's id and secret). */
  secrets: readonly (keyof Shape & string)[];
  /** The parsed variables → the settings the connector receives. */
  settings(env: z.infer<z.ZodObject<Shape>>): Settings;
}

/** Typed identity: lets each fragment infer its own shapes and settings. */
export function defineConnectorConfig<Shape extends z.ZodRawShape, Settings>(config: ConnectorConfig<Shape, Settings>): ConnectorConfig<Shape, Settings> {
  return config;
}

export type SettingsOf<C> = C extends ConnectorConfig<any, infer S> ? S : never;
