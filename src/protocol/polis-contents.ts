import { contentRegistry } from './content.js';
import { contractNetContents } from './contract-net-content.js';
import { DirectoryAnswer, DirectoryQuery } from './directory-content.js';
import { LifecycleContent } from './lifecycle-content.js';
import { supervisionContents } from './supervision-content.js';
import { trustContents } from './trust-contents.js';

/** Schemas of every content kind Polis itself sends; the default registry of the decoders. */
export const polisContentSchemas = [
  ...contractNetContents,
  LifecycleContent,
  DirectoryQuery,
  DirectoryAnswer,
  ...trustContents,
  ...supervisionContents,
] as const;

export const polisContents = contentRegistry(polisContentSchemas);
