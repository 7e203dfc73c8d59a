// What the findings engine reads about sockets: the network capability's live view counts them on its own tick
// (the one socket sampler) and the server hands each count to the findings service. Counts per owner and per
// listener, never the sockets themselves: the engine needs no more, and a machine may hold tens of thousands.

/** A process that holds sockets, as the live view read it. */
export interface SocketOwner {
  pid: number;
  startTime: number;
  name: string;
}

/** One process's sockets in the states the rules judge (only processes with at least one are listed). */
export interface ProcessSockets {
  owner: SocketOwner;
  closeWait: number;
  /** The remote end most of its CLOSE_WAIT sockets were with ('' when there are none). */
  closeWaitPeer: string;
  synSent: number;
  /** The remote end most of its connection attempts go to ('' when there are none). */
  synSentPeer: string;
  /** Bytes received and not read, over its established TCP connections. */
  unreadBytes: number;
  unreadConnections: number;
}

/** A TCP listening socket with connections waiting to be accepted (only those with some are listed). */
export interface ListenerQueue {
  owner: SocketOwner;
  /** "127.0.0.1:8080", "[::]:443". */
  local: string;
  port: number;
  queued: number;
}

export interface SocketReading {
  time: number;
  processes: ProcessSockets[];
  listeners: ListenerQueue[];
  /** TCP sockets in TIME_WAIT on the machine: they belong to no process. */
  timeWait: number;
  /**
   * The remote end most TIME_WAIT sockets are with. Naming it means reading every TIME_WAIT socket, which the
   * live view otherwise never does, so it is read only when asked (a rule saying its sentence) and kept a while.
   */
  timeWaitPeer: () => string;
}
