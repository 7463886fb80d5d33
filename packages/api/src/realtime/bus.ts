import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import superjson from 'superjson';
import type { Logger } from '../logger.ts';

type Listener = (payload: unknown) => void;

/**
 * Publish/subscribe between the code that changes data and the subscriptions
 * that report it. In one process it is an EventEmitter; with REDIS_URL every
 * API process also hears what the others publish.
 */
export interface EventBus {
  publish(channel: string, payload: unknown): Promise<void>;
  subscribe(channel: string, listener: Listener): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): EventBus {
  const emitter = new EventEmitter();
  // Every subscribed WebSocket adds a listener; thousands are expected.
  emitter.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      emitter.emit(channel, payload);
    },
    subscribe(channel, listener) {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const REDIS_CHANNEL = 'mas:events';

/** Local delivery at once; other processes get it through one Redis channel. */
export async function createRedisBus(url: string, logger: Logger): Promise<EventBus> {
  const local = createLocalBus();
  const origin = randomUUID();
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  for (const client of [publisher, subscriber]) {
    client.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(REDIS_CHANNEL);
  subscriber.on('message', (_channel: string, message: string) => {
    const envelope = superjson.parse<{ origin: string; channel: string; payload: unknown }>(message);
    if (envelope.origin !== origin) void local.publish(envelope.channel, envelope.payload);
  });
  return {
    async publish(channel, payload) {
      await local.publish(channel, payload);
      await publisher.publish(REDIS_CHANNEL, superjson.stringify({ origin, channel, payload }));
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
