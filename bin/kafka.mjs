#!/usr/bin/env node
// `npm run kafka`: a real Apache Kafka broker on 127.0.0.1 for poking at pipelines by hand,
// the same one the tests start (see test/kafka/README.md). Runs until Ctrl+C.
import { register } from 'tsx/esm/api';

// broker.ts is TypeScript; tsx lets plain Node import it without a build step.
register();
const { startKafkaBroker } = await import(new URL('../test/kafka/broker.ts', import.meta.url).href);

let broker;
try {
  broker = await startKafkaBroker();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
console.log(`Kafka broker ready at ${broker.bootstrap} (Ctrl+C to stop)`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return; // a second Ctrl+C must not start a second stop()
  stopping = true;
  console.log(`\n${signal}: stopping Kafka broker…`);
  try {
    await broker.stop();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
