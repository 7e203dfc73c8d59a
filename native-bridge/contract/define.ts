import * as z from 'zod';

/** A request/response call: validated on both sides of every transport. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'method';
  readonly input: I;
  readonly output: O;
  /** Methods that change the machine (signal, renice…): the UI confirms them first and they are audited. */
  readonly mutates: boolean;
}

/** A subscription: one input, then any number of messages until the client unsubscribes. */
export interface StreamDef<I extends z.ZodType = z.ZodType, M extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly input: I;
  readonly message: M;
}

export type EndpointDef = MethodDef | StreamDef;
export type ContractShape = Readonly<Record<string, EndpointDef>>;

export function method<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  mutates?: boolean;
}): MethodDef<I, O> {
  return { kind: 'method', input: def.input, output: def.output, mutates: def.mutates ?? false };
}

export function stream<I extends z.ZodType, M extends z.ZodType>(def: { input: I; message: M }): StreamDef<I, M> {
  return { kind: 'stream', input: def.input, message: def.message };
}

export type MethodNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends MethodDef ? K : never;
}[keyof C] &
  string;

export type StreamNames<C extends ContractShape> = {
  [K in keyof C]: C[K] extends StreamDef ? K : never;
}[keyof C] &
  string;

export type InputOf<C extends ContractShape, K extends keyof C> = z.input<C[K]['input']>;
export type ParsedInputOf<C extends ContractShape, K extends keyof C> = z.output<C[K]['input']>;
export type OutputOf<C extends ContractShape, K extends keyof C> =
  C[K] extends MethodDef<z.ZodType, infer O> ? z.output<O> : never;
export type MessageOf<C extends ContractShape, K extends keyof C> =
  C[K] extends StreamDef<z.ZodType, infer M> ? z.output<M> : never;

/** What a stream implementation pushes into. */
export interface StreamSink<M> {
  next(message: M): void;
  /** Ends the stream with an error; no message follows. */
  fail(error: unknown): void;
}

export type Unsubscribe = () => void;

/** The server side: one function per endpoint. */
export type Implementation<C extends ContractShape> = {
  [K in keyof C]: C[K] extends MethodDef
    ? (input: ParsedInputOf<C, K>) => Promise<OutputOf<C, K>>
    : C[K] extends StreamDef
      ? (input: ParsedInputOf<C, K>, sink: StreamSink<MessageOf<C, K>>) => Unsubscribe
      : never;
};

export interface StreamHandlers<M> {
  next(message: M): void;
  error?(error: import('./errors.js').TriageErrorShape): void;
}

/** The client side, identical over every transport. */
export interface ContractClient<C extends ContractShape> {
  call<K extends MethodNames<C>>(name: K, input: InputOf<C, K>): Promise<OutputOf<C, K>>;
  subscribe<K extends StreamNames<C>>(name: K, input: InputOf<C, K>, handlers: StreamHandlers<MessageOf<C, K>>): Unsubscribe;
}
