import { startFastRead, type FastRead, type FastReadOptions } from '../market/ndjson-parallel.js';

/**
 * startReplayRead starts the read a replay of FILE takes: for a large file its reader thread boots now. A
 * caller with modules still to load (the engine, the texts, the rules) starts it first and hands it to
 * runReplay, so the thread is up by the time the engine is. This module loads little on purpose.
 */
export function startReplayRead(file: string, reader?: FastReadOptions['reader']): FastRead {
  return startFastRead(file, { reuseEvents: true, reader }); // the engine copies what it keeps
}
