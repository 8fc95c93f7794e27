/**
 * `nexmark`: the Nexmark benchmark's auction events (people, auctions, bids), as the reference
 * generator (github.com/nexmark/nexmark) makes them, with its `NexmarkConfiguration` defaults.
 * `kind: "all"` emits the reference's `datagen` table rows; `person`, `auction` or `bid` emit
 * the rows of the reference's view of that name. Times are epoch ms.
 */
import { z } from 'zod';
import { ReplaySpeed, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { str } from '../common/looks.ts';

const positive = (max: number) => z.number().int().positive().max(max);

export const NexmarkConfig = z.object({
  events: z.number().int().nonnegative().max(1e15).describe('events to generate, all kinds together (bounded)'),
  kind: z.enum(['all', 'person', 'auction', 'bid']).default('all').describe('all: datagen rows { event_type, person, auction, bid, dateTime }; else that view’s rows'),
  firstEventRate: positive(1e9).default(10_000).describe('events per second of event time'),
  baseTime: z.string().default('2024-01-01T00:00:00.000Z').describe('event time of the first event (ISO-8601); the reference uses the wall clock at start'),
  seed: z.number().int().default(1),
  personProportion: positive(1e6).default(1),
  auctionProportion: positive(1e6).default(3),
  bidProportion: positive(1e6).default(46),
  avgPersonByteSize: positive(1e6).default(200),
  avgAuctionByteSize: positive(1e6).default(500),
  avgBidByteSize: positive(1e6).default(100),
  hotAuctionRatio: positive(1e6).default(2),
  hotSellersRatio: positive(1e6).default(4),
  hotBiddersRatio: positive(1e6).default(4),
  numInFlightAuctions: positive(1e9).default(100),
  numActivePeople: positive(1e9).default(1000),
  speed: ReplaySpeed.default('max'),
  watermarks: WatermarkSpec.prefault({ maxOutOfOrderness: 4000 }).describe("the reference's DDL: `dateTime` - INTERVAL '4' SECOND"),
});
export type NexmarkConfig = z.output<typeof NexmarkConfig>;

export const nexmarkSpec: NodeTypeSpec<NexmarkConfig> = {
  type: 'nexmark',
  version: 1,
  category: 'source',
  label: 'Nexmark',
  description:
    'The Nexmark benchmark’s auction events, as the reference generator (github.com/nexmark/nexmark) makes them: of every 50 event ids 1 is a new person, 3 new auctions and 46 bids, with hot sellers, bidders and auctions, and `extra` padding to the average sizes. Event time `dateTime` (epoch ms) advances at `firstEventRate` events/s from `baseTime`. `kind` picks the `datagen` rows (`all`) or one view (`person`, `auction`, `bid`). Deterministic for a seed (the values differ from the reference’s unseeded runs).',
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: NexmarkConfig,
  defaults: NexmarkConfig.parse({ events: 100_000 }),
  capabilities: {},
  look: { icon: 'gavel', summary: (c) => `${str(c.events)} events · ${str(c.kind ?? 'all')}` },
};
