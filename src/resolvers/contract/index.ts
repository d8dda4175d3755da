/**
 * What the Custom UI apps and the resolvers say to each other: payload schemas (validated in the resolvers)
 * and answer types (imported by the UI as types only). Nothing here may carry a secret to the browser.
 */
export * from './connections';
export * from './runs';
export * from './panel';
export * from './bugs';
export * from './audit';
export * from './settings-file';

export type ApiError = { error: { code: string; message: string } };
