import { Schema } from 'effect';
import { kind } from './content.js';

/** The id of the directory service every system runs: send it a `query-ref`. */
export const DIRECTORY = 'polis.directory';

/** A `query-ref` to the directory: who offers this capability? */
export const DirectoryQuery = Schema.Struct({ kind: kind('directory-query'), capability: Schema.String });
export type DirectoryQuery = Schema.Schema.Type<typeof DirectoryQuery>;

/** The directory's `inform`: the agents offering the capability, in the order they registered. */
export const DirectoryAnswer = Schema.Struct({
  kind: kind('directory-answer'),
  capability: Schema.String,
  agents: Schema.Array(Schema.String),
});
export type DirectoryAnswer = Schema.Schema.Type<typeof DirectoryAnswer>;
