/** What the editor needs from an engine host, whatever the transport. */
import type { HostApi, HostEvent } from '../../engine/host/protocol.ts';

export interface HostClient extends HostApi {
  /** Subscribes to run events; returns the unsubscribe function. */
  onEvent(listener: (event: HostEvent) => void): () => void;
}
